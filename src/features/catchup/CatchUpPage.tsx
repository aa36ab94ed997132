import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useParams } from 'react-router-dom';
import { CatchUpContent } from '../../components/CatchUpContent';
import { QueryProblem, isSessionProblem } from '../../components/QueryProblem';
import { StateBadge } from '../../components/StateBadge';
import type { CallSnapshot, RoomRef } from '../../contract';
import { liveSnapshotQuery } from '../../lib/api/watched';
import { useProviderInfo } from '../../lib/api/useProviderInfo';
import { roomFromParams } from '../../lib/rooms';
import { PostCallSummary } from '../../components/PostCallSummary';
import { DigestPanel } from './Digest';
import { LiveStatus } from './LiveStatus';
import { useShareExchange } from './useShareExchange';

/** `/catch-up/:provider/:callId`: the latecomer's page, phone first. */
export function CatchUpPage() {
  const params = useParams();
  const room = roomFromParams(params.provider, params.callId);
  if (!room) {
    return (
      <main className="page page-narrow">
        <h1>Not a room</h1>
        <p>This link does not name a room. Ask the moderator for a new one.</p>
      </main>
    );
  }
  return <CatchUpGate key={`${room.provider}:${room.callId}`} room={room} />;
}

function CatchUpGate({ room }: { room: RoomRef }) {
  const share = useShareExchange(room);
  if (share === 'working') {
    return (
      <main className="page page-narrow" aria-busy="true">
        <p className="muted">Opening the catch-up link…</p>
      </main>
    );
  }
  if (share === 'invalid') {
    return (
      <main className="page page-narrow">
        <h1>This link has expired or is not valid</h1>
        <p>Catch-up links last a few hours. Ask the room's moderator for a new one.</p>
      </main>
    );
  }
  if (share === 'failed') {
    return (
      <main className="page page-narrow">
        <h1>Cannot open the link right now</h1>
        <p role="alert">The server did not answer. Reload the page to try again.</p>
      </main>
    );
  }
  return <CatchUpView room={room} />;
}

function recordingNotice(snapshot: CallSnapshot | undefined): string | null {
  if (!snapshot) return null;
  const rec = snapshot.recording === 'on';
  const tx = snapshot.transcription === 'on';
  if (rec && tx) return 'This call is being recorded and transcribed.';
  if (rec) return 'This call is being recorded.';
  if (tx) return 'This call is being transcribed.';
  return null;
}

function CatchUpView({ room }: { room: RoomRef }) {
  const snapshot = useQuery(liveSnapshotQuery(room.provider, room.callId));
  const providers = useProviderInfo(room.provider);
  const provider = providers.data;
  const notice = recordingNotice(snapshot.data);
  const ended = snapshot.data?.state === 'ended';

  useEffect(() => {
    document.title = `Catch-up · ${room.callId}`;
  }, [room.callId]);

  const blocking = [snapshot, providers].find((q) => q.isError && isSessionProblem(q.error));
  if (blocking) return <QueryProblem error={blocking.error} what="room" />;

  return (
    <main className="page catchup-page" aria-labelledby="catchup-page-title">
      <header className="catchup-head">
        <p className="catchup-kicker">Catch-up: what you missed in</p>
        <h1 id="catchup-page-title">{room.callId}</h1>
        <span className="card-provider">{provider?.label ?? room.provider}</span>
        {snapshot.data && <StateBadge state={snapshot.data.state} />}
      </header>
      <div role="status" className="notice-slot">
        {notice && (
          <p className="notice">
            <span aria-hidden="true">● </span>
            {notice}
          </p>
        )}
      </div>
      {/* The digest first, on every vendor; where the vendor summarises, its summary follows. */}
      <DigestPanel room={room} live={snapshot.data} withoutHistory={<LiveStatus snapshot={snapshot.data} />} />
      {provider === null && <p className="message">This server does not watch {room.provider} calls.</p>}
      {ended && <PostCallSummary room={room} />}
      {provider?.capabilities.catchUp && (
        <section aria-labelledby="catchup-summary-title">
          <h2 id="catchup-summary-title" className="catchup-summary-title">
            {ended ? 'Notes taken during the call' : 'Summary so far'}
          </h2>
          <CatchUpContent room={room} />
        </section>
      )}
    </main>
  );
}
