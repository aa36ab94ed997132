import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ConnectionBanners } from '../../components/ConnectionBanners';
import { Freshness } from '../../components/Freshness';
import { LongId } from '../../components/LongId';
import { PostCallSummary } from '../../components/PostCallSummary';
import { QueryProblem, isSessionProblem } from '../../components/QueryProblem';
import { StateBadge } from '../../components/StateBadge';
import { TopBar } from '../../components/TopBar';
import type { CallReport, RoomRef } from '../../contract';
import { isApiError } from '../../lib/api/ApiError';
import { callReportQuery } from '../../lib/api/queries';
import { useProviderInfo } from '../../lib/api/useProviderInfo';
import { roomFromParams, roomPath } from '../../lib/rooms';
import { duration, when } from '../../lib/time';
import { useNow } from '../../lib/useNow';
import { callAssuranceQuery } from '../../lib/api/assurance';
import { AssuranceFacts } from './AssuranceFacts';
import { ExportButtons } from './ExportButtons';
import { PresenceChart } from './PresenceChart';
import { IntervalList, PresenceTable } from './PresenceTable';
import { reportSpan } from './timeScale';

/** `/calls/:provider/:callId/report`: who was there when, against recording and transcription. */
export function ReportPage() {
  const params = useParams();
  const room = roomFromParams(params.provider, params.callId);
  if (!room) {
    return (
      <main className="page page-narrow">
        <h1>Not a call</h1>
        <p>
          This address does not name a call. <Link to="/calls">Back to the calls</Link>
        </p>
      </main>
    );
  }
  return <ReportView key={`${room.provider}:${room.callId}`} room={room} />;
}

function Facts({ report, vendor }: { report: CallReport; vendor: string }) {
  const { call } = report;
  return (
    <dl className="facts">
      <dt>Vendor</dt>
      <dd>{vendor}</dd>
      <dt>Started</dt>
      <dd>{call.startedAt ? when(call.startedAt) : `not reported; watched since ${when(call.watchedSince)}`}</dd>
      <dt>Ended</dt>
      <dd>{call.endedAt ? when(call.endedAt) : call.state === 'ended' ? 'time not reported' : 'still going'}</dd>
      <dt>Duration</dt>
      <dd>{call.durationSec === null ? '—' : duration(call.durationSec)}</dd>
      <dt>Peak participants</dt>
      <dd>{call.peakParticipants ?? 'not reported'}</dd>
      <dt>Recorded</dt>
      <dd>
        {duration(call.recordedSec)} <span className="muted">(<IntervalList intervals={report.recording} />)</span>
      </dd>
      <dt>Transcribed</dt>
      <dd>
        {duration(call.transcribedSec)} <span className="muted">(<IntervalList intervals={report.transcription} />)</span>
      </dd>
      {report.gaps.length > 0 && (
        <>
          <dt>Not seen</dt>
          <dd>
            <IntervalList intervals={report.gaps} />
          </dd>
        </>
      )}
    </dl>
  );
}

function ReportView({ room }: { room: RoomRef }) {
  const report = useQuery(callReportQuery(room.provider, room.callId));
  // Optional: the report stands without it (history on, assurance answering).
  const assurance = useQuery({ ...callAssuranceQuery(room.provider, room.callId), retry: false });
  const provider = useProviderInfo(room.provider).data;
  const vendor = provider?.label ?? room.provider;
  // Moves the end of a live call's chart along; an ended call's span does not depend on it.
  const now = useNow(5_000);

  useEffect(() => {
    document.title = `Report · ${room.callId} · roomwatch`;
  }, [room.callId]);

  if (report.isError && (!report.data || isSessionProblem(report.error))) {
    if (isApiError(report.error) && report.error.status === 404) {
      return (
        <>
          <TopBar />
          <main className="page page-narrow">
            <h1>No report for this call</h1>
            <p>roomwatch has no history of this call: it never watched it, its history was pruned, or history is turned off on this server.</p>
            <p>
              <Link to="/calls">See the calls roomwatch knows</Link>
            </p>
          </main>
        </>
      );
    }
    return <QueryProblem error={report.error} what="report" />;
  }

  const data = report.data;
  const live = data ? data.call.state !== 'ended' : false;
  return (
    <>
      <TopBar>
        <Link to={roomPath(room)}>Room</Link>
      </TopBar>
      <main className="page report" aria-labelledby="report-title">
        <div className="page-head">
          <h1 id="report-title">
            Report on <LongId id={room.callId} />
          </h1>
          <span className="card-provider">{vendor}</span>
          {data && <StateBadge state={data.call.state} />}
          {data && <ExportButtons report={data} room={room} />}
        </div>
        {data && <ConnectionBanners failed={report.isError} error={report.error} shownFrom={report.dataUpdatedAt} stale={false} vendor="The server" />}
        {!data ? (
          <p className="muted" aria-busy="true">
            Loading the report…
          </p>
        ) : (
          <>
            {live && (
              <p className="freshness-line">
                The call is live: this report refreshes every 10 s, <Freshness at={report.dataUpdatedAt} />.
              </p>
            )}
            <section className="panel" aria-labelledby="facts-title">
              <h2 id="facts-title">The call</h2>
              <Facts report={data} vendor={vendor} />
            </section>
            {assurance.data && <AssuranceFacts assurance={assurance.data} />}
            <section className="panel" aria-labelledby="presence-title">
              <h2 id="presence-title">Presence</h2>
              <PresenceChart
                report={data}
                span={reportSpan(data, now)}
                shading={assurance.data ? { violations: assurance.data.violations, unverified: assurance.data.unverifiedIntervals } : undefined}
              />
              <PresenceTable report={data} />
            </section>
            {/* ProCONF writes a summary once the call is over; other vendors have none. */}
            {!live && room.provider === 'proconf' && (
              <div className="panel">
                <PostCallSummary room={room} />
              </div>
            )}
          </>
        )}
      </main>
    </>
  );
}
