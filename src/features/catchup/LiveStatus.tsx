import { Indicator } from '../../components/Indicator';
import type { CallSnapshot } from '../../contract';

/** What the live status says when there is no history to make a digest from. */
export function LiveStatus({ snapshot }: { snapshot: CallSnapshot | undefined }) {
  if (!snapshot) return <p className="muted">Loading the live status…</p>;
  const people = snapshot.activeParticipants;
  return (
    <div className="live-status">
      <div className="card-flags">
        <Indicator label="Recording" value={snapshot.recording} />
        <Indicator label="Transcription" value={snapshot.transcription} />
      </div>
      {people !== null && <p className="digest-people-now">{people === 1 ? '1 person in the call now' : `${people} people in the call now`}</p>}
    </div>
  );
}
