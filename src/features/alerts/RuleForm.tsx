import { useId, useState, type FormEvent } from 'react';
import { RoomMatchFields } from '../../components/RoomMatchFields';
import { alertConditionSchema, alertRuleInputSchema, type AlertCondition, type AlertRule, type AlertRuleInput } from '../../contract';
import { alertWhat } from '../../lib/alertText';

const CONDITION_HELP: Record<AlertCondition, string> = {
  'recording.stopped': 'recording went from on to off while the call is live',
  'transcription.stopped': 'transcription went from on to off while the call is live',
  'recording.missing': 'a live call is not recording this long after it started',
  'vendor.unreachable': 'the vendor could not be read for longer than this',
  'policy.violated': 'a governed call went unrecorded longer than its policy\'s grace plus this',
};

interface Props {
  providers: readonly { id: string; label: string }[];
  initial?: AlertRule;
  busy: boolean;
  error: string | null;
  onSave(input: AlertRuleInput): void;
  onCancel?(): void;
}

/** Create or edit one rule. Checked with the contract's schema before it is sent; the server checks again. */
export function RuleForm({ providers, initial, busy, error, onSave, onCancel }: Props) {
  const id = useId();
  const [name, setName] = useState(initial?.name ?? '');
  const [when, setWhen] = useState<AlertCondition>(initial?.when ?? 'recording.stopped');
  const [provider, setProvider] = useState(initial?.match.provider ?? '');
  const [callId, setCallId] = useState(initial?.match.callId ?? '');
  const [afterSec, setAfterSec] = useState(String(initial?.afterSec ?? 0));
  const [url, setUrl] = useState(initial?.channels.find((c) => c.type === 'webhook')?.url ?? '');
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = {
      name,
      enabled: initial?.enabled ?? true,
      match: { ...(provider ? { provider } : {}), ...(callId.trim() ? { callId: callId.trim() } : {}) },
      when,
      afterSec: Number(afterSec),
      channels: [{ type: 'inapp' as const }, ...(url.trim() ? [{ type: 'webhook' as const, url: url.trim() }] : [])],
    };
    const parsed = alertRuleInputSchema.safeParse(input);
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? 'rule')))];
      setProblem(`Please check: ${fields.map((f) => (f === 'channels' ? 'webhook URL' : f === 'match' ? 'call id pattern' : f)).join(', ')}.`);
      return;
    }
    setProblem(null);
    onSave(parsed.data);
  };

  const message = problem ?? error;
  return (
    <form className="rule-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{initial ? `Edit “${initial.name}”` : 'New rule'}</h3>
      <label htmlFor={`${id}-name`}>Name</label>
      <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} maxLength={120} required />
      <label htmlFor={`${id}-when`}>When</label>
      <select id={`${id}-when`} value={when} onChange={(e) => setWhen(alertConditionSchema.parse(e.target.value))}>
        {alertConditionSchema.options.map((option) => (
          <option key={option} value={option}>
            {alertWhat(option)}: {CONDITION_HELP[option]}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-after`}>After (seconds)</label>
      <input id={`${id}-after`} type="number" min={0} max={86400} value={afterSec} onChange={(e) => setAfterSec(e.target.value)} />
      <RoomMatchFields id={id} providers={providers} provider={provider} callId={callId} example="sales-*" onProvider={setProvider} onCallId={setCallId} />
      <label htmlFor={`${id}-url`}>Webhook URL (optional; https, e.g. a Slack or Teams incoming webhook)</label>
      <input id={`${id}-url`} type="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://hooks.slack.com/services/…" />
      <p className="muted rule-note">Open alerts always show in roomwatch; the webhook is optional.</p>
      <div className="rule-actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : initial ? 'Save rule' : 'Create rule'}
        </button>
        {onCancel && (
          <button type="button" className="link-button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
      <p role="status" className="rule-problem">
        {message}
      </p>
    </form>
  );
}
