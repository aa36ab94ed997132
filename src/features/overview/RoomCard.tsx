import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Freshness } from '../../components/Freshness';
import { Indicator } from '../../components/Indicator';
import { LongId } from '../../components/LongId';
import { StateBadge } from '../../components/StateBadge';
import { isApiError } from '../../lib/api/ApiError';
import { snapshotQuery } from '../../lib/api/queries';
import { POLLING } from '../../lib/polling';
import { roomPath } from '../../lib/rooms';
import type { CallSnapshot, RoomRef } from '../../contract';

/** Cards start polling a little apart, so 20 of them spread over the interval instead of firing together. */
function useStaggeredStart(index: number): boolean {
  const delay = (index * POLLING.cardStaggerMs) % POLLING.statusMs;
  const [started, setStarted] = useState(delay === 0);
  useEffect(() => {
    if (started) return;
    const id = setTimeout(() => setStarted(true), delay);
    return () => clearTimeout(id);
  }, [delay, started]);
  return started;
}

function peopleCount(snapshot: CallSnapshot): number | null {
  if (snapshot.activeParticipants !== null) return snapshot.activeParticipants;
  if (snapshot.participants !== null) return snapshot.participants.filter((p) => p.state === 'joined').length;
  return null;
}

function problemText(error: unknown): string {
  if (!isApiError(error)) return 'No answer';
  if (error.status === 0) return 'Connection lost';
  if (error.status === 404) return 'Room not found';
  if (error.status === 403) return 'No access';
  if (error.status === 429) return 'Vendor rate limit, retrying';
  if (error.status === 502) return 'Vendor answered badly, retrying';
  if (error.status === 503) return 'Vendor unavailable, retrying';
  if (error.status === 504) return 'Vendor timed out, retrying';
  return `Error ${error.status}`;
}

export function RoomCard({
  room,
  label,
  index,
  pinned,
  onPin,
  onUnpin,
}: {
  room: RoomRef;
  label: string;
  index: number;
  pinned: boolean;
  onPin: () => void;
  onUnpin: () => void;
}) {
  const started = useStaggeredStart(index);
  const { data, error, isError } = useQuery({ ...snapshotQuery(room.provider, room.callId), enabled: started });
  const count = data ? peopleCount(data) : null;

  return (
    <li className="card" data-recording={data?.recording} aria-busy={!data && !isError}>
      <div className="card-head">
        <h2 className="card-title">
          <Link to={roomPath(room)} className="card-link" title={room.callId}>
            <LongId id={room.callId} />
          </Link>
        </h2>
        <span className="card-provider">{label}</span>
      </div>
      {data ? (
        <>
          <div className="card-flags">
            <Indicator label="Recording" value={data.recording} />
            <Indicator label="Transcription" value={data.transcription} />
          </div>
          <div className="card-meta">
            <StateBadge state={data.state} />
            {count !== null && <span>{count === 1 ? '1 person' : `${count} people`}</span>}
            {data.stale && <span className="tag-warn">⚠ stale</span>}
            {isError && <span className="tag-warn">⚠ {problemText(error)}</span>}
            <Freshness at={data.observedAt} />
          </div>
        </>
      ) : (
        <div className="card-meta">{isError ? <span className="tag-warn">⚠ {problemText(error)}</span> : <span className="muted">Loading…</span>}</div>
      )}
      <div className="card-actions">
        {pinned ? (
          <button type="button" className="link-button" onClick={onUnpin} aria-label={`Remove ${room.callId} from pinned rooms`}>
            Remove
          </button>
        ) : (
          <button type="button" className="link-button" onClick={onPin} aria-label={`Pin ${room.callId}`}>
            Pin
          </button>
        )}
      </div>
    </li>
  );
}
