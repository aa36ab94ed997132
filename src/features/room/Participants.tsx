import type { Participant } from '../../contract';
import { LongId } from '../../components/LongId';
import { clock } from '../../lib/time';

const STATE_WORDS: Record<Participant['state'], string> = { joined: 'In the call', waiting: 'Waiting', left: 'Left' };

function yesNo(value: boolean | null): string {
  return value === null ? '—' : value ? 'yes' : 'no';
}

/** Who is in the call, when the vendor reports it; `null` means it cannot (or you may not see it). */
export function Participants({
  participants,
  active,
  vendorLists,
}: {
  participants: Participant[] | null;
  active: number | null;
  /** Whether the provider can list participants at all (from /api/providers). */
  vendorLists: boolean;
}) {
  return (
    <section className="panel" aria-labelledby="participants-title">
      <h2 id="participants-title">
        Participants{active !== null ? ` (${active} in the call)` : ''}
      </h2>
      {participants === null ? (
        <p className="muted">{vendorLists ? 'The participants list is shown to moderators only.' : 'This provider does not report participants.'}</p>
      ) : participants.length === 0 ? (
        <p className="muted">Nobody has joined yet.</p>
      ) : (
        // Scrolls inside the panel if the columns still do not fit; focusable so keyboards can scroll it.
        <div className="table-wrap" tabIndex={0} role="group" aria-labelledby="participants-title">
          <table className="dense participants">
            <thead>
              <tr>
                <th scope="col">Who</th>
                <th scope="col">State</th>
                <th scope="col">Joined</th>
                <th scope="col">Left</th>
                <th scope="col">Muted</th>
                <th scope="col">On hold</th>
              </tr>
            </thead>
            <tbody>
              {participants.map((p) => (
                <tr key={p.id} data-state={p.state}>
                  <th scope="row" className="id-cell">
                    <LongId id={p.id} />
                  </th>
                  <td>{STATE_WORDS[p.state]}</td>
                  <td>{p.joinedAt ? <time dateTime={p.joinedAt}>{clock(p.joinedAt)}</time> : '—'}</td>
                  <td>{p.leftAt ? <time dateTime={p.leftAt}>{clock(p.leftAt)}</time> : '—'}</td>
                  <td>{yesNo(p.muted)}</td>
                  <td>{yesNo(p.onHold)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
