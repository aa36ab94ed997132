import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { AlertDelivery, AlertRule, AlertRuleInput } from '../../contract';
import { alertRulesQuery, createAlertRule, deleteAlertRule, testAlertRule, updateAlertRule } from '../../lib/api/alerts';
import { isApiError } from '../../lib/api/ApiError';
import { providersQuery } from '../../lib/api/queries';
import { alertWhat } from '../../lib/alertText';
import { RuleForm } from './RuleForm';

const messageOf = (error: unknown) => (isApiError(error) ? error.message : 'Something went wrong; try again.');

function describeMatch(rule: AlertRule): string {
  const vendor = rule.match.provider ?? 'any vendor';
  return rule.match.callId ? `${vendor}, calls ${rule.match.callId}` : vendor;
}

function testResult(deliveries: AlertDelivery[]): string {
  if (deliveries.length === 0) return 'This rule has no webhook to test.';
  return deliveries.map((d) => `${d.channel}: ${d.deliveredAt ? 'delivered' : 'failed'} (${d.lastStatus ?? 'no answer'})`).join('; ');
}

/** The rules: list, create, edit, enable or disable, delete, and send a test to the webhook. */
export function RulesEditor() {
  const client = useQueryClient();
  const rules = useQuery(alertRulesQuery());
  const providers = useQuery(providersQuery());
  const [editing, setEditing] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState('');
  const refresh = () => client.invalidateQueries({ queryKey: ['alert-rules'] });

  const create = useMutation({
    mutationFn: createAlertRule,
    onSuccess: (rule) => {
      setCreating(false);
      setNotice(`Rule “${rule.name}” created.`);
      void refresh();
    },
  });
  const update = useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: Partial<AlertRuleInput> }) => updateAlertRule(id, patch),
    onSuccess: (rule) => {
      setEditing(null);
      setNotice(`Rule “${rule.name}” saved${rule.enabled ? '' : ' (disabled)'}.`);
      void refresh();
    },
    onError: (error) => setNotice(messageOf(error)),
  });
  const remove = useMutation({
    mutationFn: (rule: AlertRule) => deleteAlertRule(rule.id).then(() => rule),
    onSuccess: (rule) => {
      setNotice(`Rule “${rule.name}” deleted.`);
      void refresh();
    },
    onError: (error) => setNotice(messageOf(error)),
  });
  const test = useMutation({
    mutationFn: (rule: AlertRule) => testAlertRule(rule.id),
    onSuccess: (deliveries) => setNotice(`Test: ${testResult(deliveries)}`),
    onError: (error) => setNotice(messageOf(error)),
  });

  const providerList = [...(providers.data?.values() ?? [])].map((p) => ({ id: p.id, label: p.label }));
  if (rules.isError) {
    return <p className="muted">{isApiError(rules.error) && rules.error.status === 403 ? 'Only moderators of every room can change alert rules.' : messageOf(rules.error)}</p>;
  }

  return (
    <div className="rules">
      <p role="status" aria-live="polite" className="rules-notice">
        {notice}
      </p>
      {rules.data?.length === 0 && <p className="muted">No rules yet.</p>}
      <ul className="rule-list">
        {rules.data?.map((rule) =>
          editing === rule.id ? (
            <li key={rule.id}>
              <RuleForm
                providers={providerList}
                initial={rule}
                busy={update.isPending}
                error={update.isError ? messageOf(update.error) : null}
                onSave={(input) => update.mutate({ id: rule.id, patch: input })}
                onCancel={() => setEditing(null)}
              />
            </li>
          ) : (
            <li key={rule.id} className="rule-item" data-enabled={rule.enabled}>
              <div className="rule-summary">
                <strong>{rule.name}</strong>
                <span className="muted">
                  {alertWhat(rule.when)}
                  {rule.afterSec > 0 ? ` for ${rule.afterSec} s` : ''} · {describeMatch(rule)} ·{' '}
                  {rule.channels.some((c) => c.type === 'webhook') ? 'in-app and webhook' : 'in-app'}
                </span>
              </div>
              <div className="rule-buttons">
                <label className="rule-toggle">
                  <input
                    type="checkbox"
                    checked={rule.enabled}
                    onChange={(e) => update.mutate({ id: rule.id, patch: { enabled: e.target.checked } })}
                  />
                  Enabled
                </label>
                <button type="button" onClick={() => setEditing(rule.id)}>
                  Edit
                </button>
                <button type="button" onClick={() => test.mutate(rule)} disabled={test.isPending}>
                  Send a test
                </button>
                <button
                  type="button"
                  className="danger"
                  onClick={() => {
                    if (window.confirm(`Delete the rule “${rule.name}”?`)) remove.mutate(rule);
                  }}
                >
                  Delete
                </button>
              </div>
            </li>
          ),
        )}
      </ul>
      {creating ? (
        <RuleForm
          providers={providerList}
          busy={create.isPending}
          error={create.isError ? messageOf(create.error) : null}
          onSave={(input) => create.mutate(input)}
          onCancel={() => setCreating(false)}
        />
      ) : (
        <button type="button" onClick={() => setCreating(true)}>
          New rule
        </button>
      )}
    </div>
  );
}
