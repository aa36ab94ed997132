import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { RecordingPolicy, RecordingPolicyInput, RecordingPolicyPatch } from '../../contract/assurance';
import { isApiError } from '../../lib/api/ApiError';
import { providersQuery } from '../../lib/api/queries';
import { createPolicy, deletePolicy, policiesQuery, updatePolicy } from '../../lib/api/assurance';
import { PolicyForm } from './PolicyForm';

const messageOf = (error: unknown) => (isApiError(error) ? error.message : 'Something went wrong; try again.');

function describe(policy: RecordingPolicy): string {
  const must = [policy.require.recording && 'recorded', policy.require.transcription && 'transcribed'].filter(Boolean).join(' and ') || 'nothing required';
  const where = policy.match.callId ? `${policy.match.provider ?? 'any vendor'}, calls ${policy.match.callId}` : (policy.match.provider ?? 'any vendor');
  return `${must} · grace ${policy.graceSec} s · kept ${policy.retainDays} days · ${where}`;
}

/** Recording policies: list (in the order they are matched), create, edit, enable, delete. */
export function PoliciesEditor() {
  const client = useQueryClient();
  const policies = useQuery(policiesQuery());
  const providers = useQuery(providersQuery());
  const [editing, setEditing] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState('');
  const refresh = () => client.invalidateQueries({ queryKey: ['recording-policies'] });

  const create = useMutation({
    mutationFn: createPolicy,
    onSuccess: (policy) => {
      setCreating(false);
      setNotice(`Policy “${policy.name}” created.`);
      void refresh();
    },
  });
  const update = useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: RecordingPolicyPatch }) => updatePolicy(id, patch),
    onSuccess: (policy) => {
      setEditing(null);
      setNotice(`Policy “${policy.name}” saved${policy.enabled ? '' : ' (disabled)'}.`);
      void refresh();
    },
    onError: (error) => setNotice(messageOf(error)),
  });
  const remove = useMutation({
    mutationFn: (policy: RecordingPolicy) => deletePolicy(policy.id).then(() => policy),
    onSuccess: (policy) => {
      setNotice(`Policy “${policy.name}” deleted.`);
      void refresh();
    },
    onError: (error) => setNotice(messageOf(error)),
  });

  const providerList = (providers.data ?? []).map((p) => ({ id: p.id, label: p.label }));
  if (policies.isError) {
    return (
      <p className="muted">
        {isApiError(policies.error) && policies.error.status === 403 ? 'Only moderators of every room can change recording policies.' : messageOf(policies.error)}
      </p>
    );
  }
  const save = (input: RecordingPolicyInput) => create.mutate(input);
  return (
    <div className="rules">
      <p role="status" aria-live="polite" className="rules-notice">
        {notice}
      </p>
      {policies.data?.length === 0 && <p className="muted">No policies yet: every call is “not required”.</p>}
      <ol className="rule-list">
        {policies.data?.map((policy) =>
          editing === policy.id ? (
            <li key={policy.id}>
              <PolicyForm
                providers={providerList}
                initial={policy}
                busy={update.isPending}
                error={update.isError ? messageOf(update.error) : null}
                onSave={(input) => update.mutate({ id: policy.id, patch: input })}
                onCancel={() => setEditing(null)}
              />
            </li>
          ) : (
            <li key={policy.id} className="rule-item" data-enabled={policy.enabled}>
              <div className="rule-summary">
                <strong>{policy.name}</strong>
                <span className="muted">{describe(policy)}</span>
              </div>
              <div className="rule-buttons">
                <label className="rule-toggle">
                  <input type="checkbox" checked={policy.enabled} onChange={(e) => update.mutate({ id: policy.id, patch: { enabled: e.target.checked } })} />
                  Enabled
                </label>
                <button type="button" onClick={() => setEditing(policy.id)}>
                  Edit
                </button>
                <button
                  type="button"
                  className="danger"
                  onClick={() => {
                    if (window.confirm(`Delete the policy “${policy.name}”? Calls it already governs keep it.`)) remove.mutate(policy);
                  }}
                >
                  Delete
                </button>
              </div>
            </li>
          ),
        )}
      </ol>
      {creating ? (
        <PolicyForm providers={providerList} busy={create.isPending} error={create.isError ? messageOf(create.error) : null} onSave={save} onCancel={() => setCreating(false)} />
      ) : (
        <button type="button" onClick={() => setCreating(true)}>
          New policy
        </button>
      )}
    </div>
  );
}
