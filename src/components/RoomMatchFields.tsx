/** The vendor and call-id glob that alert rules and recording policies match rooms by. */
export function RoomMatchFields({
  id,
  providers,
  provider,
  callId,
  example,
  onProvider,
  onCallId,
}: {
  /** Prefix of the inputs' ids (the form's own useId). */
  id: string;
  providers: readonly { id: string; label: string }[];
  provider: string;
  callId: string;
  /** The placeholder's example pattern. */
  example: string;
  onProvider(value: string): void;
  onCallId(value: string): void;
}) {
  return (
    <>
      <label htmlFor={`${id}-provider`}>Vendor</label>
      <select id={`${id}-provider`} value={provider} onChange={(e) => onProvider(e.target.value)}>
        <option value="">Any vendor</option>
        {providers.map((p) => (
          <option key={p.id} value={p.id}>
            {p.label}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-call`}>Call id pattern (optional; * any run, ? one character)</label>
      <input id={`${id}-call`} value={callId} onChange={(e) => onCallId(e.target.value)} maxLength={128} placeholder={`e.g. ${example}`} />
    </>
  );
}
