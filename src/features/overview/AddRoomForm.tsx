import { useId, useState, type FormEvent } from 'react';
import { parseRoomRef, type ProviderId, type RoomRef } from '../../contract';

/**
 * Pin a room by name: `provider:callId`, or a bare name for ProCONF. A prefix names a provider
 * only when this server serves it (`knownProviders`, undefined until the list has loaded).
 */
export function AddRoomForm({
  onAdd,
  knownProviders,
}: {
  onAdd: (room: RoomRef) => void;
  knownProviders: readonly ProviderId[] | undefined;
}) {
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const inputId = useId();
  const hintId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!knownProviders) {
      setProblem('Still loading the list of providers; try again in a moment.');
      return;
    }
    const room = parseRoomRef(value, knownProviders);
    if (!room) {
      setProblem('Not a room name. Use letters, digits and . _ ~ : @ -, e.g. standup or tencent:call-42.');
      return;
    }
    setProblem(null);
    setValue('');
    onAdd(room);
  };

  return (
    <form className="add-room" onSubmit={submit}>
      <label htmlFor={inputId}>Pin a room</label>
      <input
        id={inputId}
        value={value}
        onChange={(event) => setValue(event.target.value)}
        placeholder="standup or cometchat:session-id"
        aria-describedby={hintId}
        aria-invalid={problem !== null}
        autoComplete="off"
        spellCheck={false}
      />
      <button type="submit">Pin</button>
      <span id={hintId} className={problem ? 'form-problem' : 'visually-hidden'} role={problem ? 'alert' : undefined}>
        {problem ?? 'A bare name means a ProCONF room; prefix another provider with its id and a colon.'}
      </span>
    </form>
  );
}
