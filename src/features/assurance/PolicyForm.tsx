import { useId, useState, type FormEvent } from 'react';
import { RoomMatchFields } from '../../components/RoomMatchFields';
import { recordingPolicyInputSchema, type RecordingPolicy, type RecordingPolicyInput } from '../../contract/assurance';

interface Props {
  providers: readonly { id: string; label: string }[];
  initial?: RecordingPolicy;
  busy: boolean;
  error: string | null;
  onSave(input: RecordingPolicyInput): void;
  onCancel?(): void;
}

/** Create or edit one recording policy; checked with the contract's schema, then again by the server. */
export function PolicyForm({ providers, initial, busy, error, onSave, onCancel }: Props) {
  const id = useId();
  const [name, setName] = useState(initial?.name ?? '');
  const [provider, setProvider] = useState(initial?.match.provider ?? '');
  const [callId, setCallId] = useState(initial?.match.callId ?? '');
  const [recording, setRecording] = useState(initial?.require.recording ?? true);
  const [transcription, setTranscription] = useState(initial?.require.transcription ?? false);
  const [graceSec, setGraceSec] = useState(String(initial?.graceSec ?? 60));
  const [retainDays, setRetainDays] = useState(String(initial?.retainDays ?? 2557));
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = recordingPolicyInputSchema.safeParse({
      name,
      enabled: initial?.enabled ?? true,
      match: { ...(provider ? { provider } : {}), ...(callId.trim() ? { callId: callId.trim() } : {}) },
      require: { recording, transcription },
      graceSec: Number(graceSec),
      retainDays: Number(retainDays),
    });
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? 'policy')))];
      setProblem(`Please check: ${fields.map((f) => (f === 'match' ? 'call id pattern' : f)).join(', ')}.`);
      return;
    }
    setProblem(null);
    onSave(parsed.data);
  };

  return (
    <form className="rule-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{initial ? `Edit “${initial.name}”` : 'New policy'}</h3>
      <label htmlFor={`${id}-name`}>Name</label>
      <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} maxLength={120} required />
      <fieldset className="policy-require">
        <legend>Must be</legend>
        <label>
          <input type="checkbox" checked={recording} onChange={(e) => setRecording(e.target.checked)} /> recorded
        </label>
        <label>
          <input type="checkbox" checked={transcription} onChange={(e) => setTranscription(e.target.checked)} /> transcribed
        </label>
      </fieldset>
      <label htmlFor={`${id}-grace`}>Grace (seconds after each stretch starts)</label>
      <input id={`${id}-grace`} type="number" min={0} max={86400} value={graceSec} onChange={(e) => setGraceSec(e.target.value)} />
      <label htmlFor={`${id}-retain`}>Keep calls for (days after they end)</label>
      <input id={`${id}-retain`} type="number" min={1} max={36500} value={retainDays} onChange={(e) => setRetainDays(e.target.value)} />
      <RoomMatchFields id={id} providers={providers} provider={provider} callId={callId} example="trading-*" onProvider={setProvider} onCallId={setCallId} />
      <p className="muted rule-note">A call keeps the policy it had when first occupied: later edits change no past call.</p>
      <div className="rule-actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : initial ? 'Save policy' : 'Create policy'}
        </button>
        {onCancel && (
          <button type="button" className="link-button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
      <p role="status" className="rule-problem">
        {problem ?? error}
      </p>
    </form>
  );
}
