import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { ConnectionBanners } from '../../components/ConnectionBanners';
import { CatchUpContent } from '../../components/CatchUpContent';
import { CopyId } from '../../components/CopyId';
import { Freshness } from '../../components/Freshness';
import { Indicator } from '../../components/Indicator';
import { LiveAnnouncer } from '../../components/LiveAnnouncer';
import { isLongId, LongId } from '../../components/LongId';
import { QueryProblem, isSessionProblem } from '../../components/QueryProblem';
import { StateBadge } from '../../components/StateBadge';
import { OpenAlertsBanner } from '../../components/OpenAlertsBanner';
import { TopBar } from '../../components/TopBar';
import { meQuery } from '../../lib/api/queries';
import { liveSnapshotQuery } from '../../lib/api/watched';
import { useProviderInfo } from '../../lib/api/useProviderInfo';
import type { RoomRef } from '../../contract';
import { catchUpPath, reportPath, roomFromParams } from '../../lib/rooms';
import { clock } from '../../lib/time';
import { CopyLinkButton } from './CopyLinkButton';
import { ShareLinks } from './ShareLinks';
import { Participants } from './Participants';
import { Timeline } from './Timeline';
import { useRecordingTitle } from './useRecordingTitle';
import { useRoomTimeline } from './useRoomTimeline';

/** `/rooms/:provider/:callId` and `/rooms/:room` (ProCONF shorthand). */
export function RoomPage() {
  const params = useParams();
  const room = params.room !== undefined ? roomFromParams('proconf', params.room) : roomFromParams(params.provider, params.callId);
  if (!room) {
    return (
      <main className="page page-narrow">
        <h1>Not a room</h1>
        <p>
          This address does not name a room. <Link to="/">Back to the overview</Link>
        </p>
      </main>
    );
  }
  // Keyed so that moving between rooms starts a fresh timeline.
  return <RoomView key={`${room.provider}:${room.callId}`} room={room} />;
}

function RoomView({ room }: { room: RoomRef }) {
  // Long-polled: a change shows as soon as the BFF's watcher sees it (lib/api/watched.ts).
  const snapshot = useQuery(liveSnapshotQuery(room.provider, room.callId));
  const me = useQuery(meQuery());
  const data = snapshot.data;
  const timeline = useRoomTimeline(room, data);
  useRecordingTitle(room.callId, data?.recording);

  const provider = useProviderInfo(room.provider).data;
  const vendor = provider?.label ?? room.provider;
  // Until the provider list is in, lay out as for summaries: the common case, and no jump for ProCONF.
  const hasSummaries = provider?.capabilities.catchUp ?? true;

  if (snapshot.isError && (!data || isSessionProblem(snapshot.error))) {
    return <QueryProblem error={snapshot.error} what="room" />;
  }

  return (
    <>
      <TopBar>
        <Link to={catchUpPath(room)}>Latecomer view</Link>
        {me.data?.role === 'moderator' && <Link to={reportPath(room)}>Report</Link>}
      </TopBar>
      <LiveAnnouncer message={timeline.announcement} />
      <main className="page room" aria-labelledby="room-title">
        <div className="page-head">
          {/* Vendor ids can be 60+ characters (CometChat): cut in the middle like the cards', whole to copy. */}
          <h1 id="room-title">
            <LongId id={room.callId} />
          </h1>
          {isLongId(room.callId) && <CopyId id={room.callId} />}
          <span className="card-provider">{vendor}</span>
          {data && <StateBadge state={data.state} />}
          {data?.media && <span className="muted">{data.media}</span>}
          {me.data?.role === 'moderator' && <CopyLinkButton room={room} />}
        </div>
        <OpenAlertsBanner room={room} />
        {me.data?.role === 'moderator' && <ShareLinks room={room} />}
        <ConnectionBanners
          failed={snapshot.isError}
          error={snapshot.error}
          shownFrom={data?.observedAt ?? null}
          stale={data?.stale ?? false}
          vendor={vendor}
        />
        {data ? (
          <>
            <div className="big-flags">
              <Indicator label="Recording" value={data.recording} size="large" />
              <Indicator label="Transcription" value={data.transcription} size="large" />
            </div>
            <p className="freshness-line">
              Status from {vendor} at {clock(data.observedAt)}, <Freshness at={data.observedAt} /> · a change shows as soon as roomwatch sees it{data.startedAt && ` · call started ${clock(data.startedAt)}`}
              {data.endedAt && ` · ended ${clock(data.endedAt)}`}
            </p>
          </>
        ) : (
          <p className="muted" aria-busy="true">
            Loading status…
          </p>
        )}
        {!hasSummaries && (
          // The slot where a vendor without summaries gets its catch-up: a one-line note, not half the page.
          <aside className="room-catchup-note" aria-label="Catch-up">
            <CatchUpContent room={room} />
          </aside>
        )}
        <div className="room-grid">
          <div className="room-col">
            {data && (
              <Participants participants={data.participants} active={data.activeParticipants} vendorLists={provider?.capabilities.participants ?? false} />
            )}
            {hasSummaries && <Timeline timeline={timeline} />}
          </div>
          {hasSummaries ? (
            <section className="panel room-col" aria-labelledby="catchup-title">
              <h2 id="catchup-title">Catch-up summary</h2>
              <CatchUpContent room={room} />
            </section>
          ) : (
            <div className="room-col">
              <Timeline timeline={timeline} />
            </div>
          )}
        </div>
      </main>
    </>
  );
}
