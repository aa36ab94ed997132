import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import type { CallState, Digest, Flag, FlagSince, RoomEvent, RoomRef } from '../../contract';
import { isApiError } from '../../lib/api/ApiError';
import { clockShort, ago } from '../../lib/time';
import { useNow } from '../../lib/useNow';
import { liveDigestQuery } from '../../lib/api/watched';
import { eventWords } from './eventWords';
import './digest.css';

const FLAG_ICON = { on: '●', off: '○', unknown: '?' } as const;

function since(at: string | null, now: number): string {
  if (!at) return '';
  const age = ago(at, now);
  // No-break spaces: "(for 1 s)" never splits over two lines on a phone.
  const duration = `(for ${age.replace(' ago', '')})`.replace(/ /g, '\u00a0');
  return age === 'just now' ? ` since ${clockShort(at)}` : ` since ${clockShort(at)} ${duration}`;
}

/**
 * The live status is polled more often than the digest; when the two disagree the page must not
 * say both "being transcribed" and "transcription off", so the live state wins (since when is
 * then not known until the history catches up).
 */
function withLive(flag: FlagSince, live: Flag | undefined): FlagSince {
  return live === undefined || live === 'unknown' || live === flag.state ? flag : { state: live, since: null };
}

/** "Recording since 14:05 (12 min)", "Not recording", "Recording not reported": icon and words. */
function FlagLine({ what, flag, now, watchedSince }: { what: 'Recording' | 'Transcription'; flag: FlagSince; now: number; watchedSince: string | null }) {
  // No start in the history: it was already so when roomwatch began to follow the call.
  const from = flag.since === null && watchedSince !== null ? ` since before ${clockShort(watchedSince)}` : since(flag.since, now);
  const words = flag.state === 'unknown' ? `${what}: not reported` : `${what} ${flag.state}${from}`;
  return (
    <li className="digest-flag" data-state={flag.state}>
      <span className="digest-icon" aria-hidden="true">
        {FLAG_ICON[flag.state]}
      </span>
      <span className="digest-words">{words}</span>
    </li>
  );
}

function startedLine(digest: Digest, now: number): string {
  if (digest.state === 'unknown') return digest.startedAt ? `Started at ${clockShort(digest.startedAt)}` : 'Call state not known yet';
  if (digest.state === 'ended') return digest.startedAt ? `The call ended. It started at ${clockShort(digest.startedAt)}.` : 'The call ended.';
  if (digest.startedAt) return `Started at ${clockShort(digest.startedAt)}, ${ago(digest.startedAt, now)}`;
  return digest.state === 'active' ? 'In progress; start time not known' : 'Not started yet';
}

function peopleLine(digest: Digest): string {
  if (digest.participantsNow === null) return 'Number of people: not reported';
  if (digest.participantsNow === 1) return '1 person in the call now';
  return `${digest.participantsNow} people in the call now`;
}

function movementLine(digest: Digest): string {
  return `${digest.joinedTotal} joined and ${digest.leftTotal} left so far`;
}

function maxSeq(events: readonly RoomEvent[]): number {
  return events.reduce((max, event) => Math.max(max, event.seq), 0);
}

/**
 * The facts of the call, laid out for a phone. Events that arrived after the page opened are
 * marked "New" (a label and a bar, as the summary's new blocks are), by sequence number: the
 * browser's clock plays no part.
 */
function DigestFacts({ digest: given, live }: { digest: Digest; live: LiveFacts | undefined }) {
  // A call first seen after it ended has no history of its own: the live status knows better.
  const state = given.state === 'unknown' && live ? live.state : given.state;
  const digest = {
    ...given,
    state,
    recording: withLive(given.recording, live?.recording),
    transcription: withLive(given.transcription, live?.transcription),
  };
  const recordingOverridden = digest.recording !== given.recording;
  const transcriptionOverridden = digest.transcription !== given.transcription;
  const now = useNow(15_000);
  const [seenUpTo] = useState(() => maxSeq(digest.recent));
  // Newest first by when it happened: a watcher that starts mid-call records earlier joins after its own start.
  const recent = [...digest.recent].sort((a, b) => b.at.localeCompare(a.at) || b.seq - a.seq);
  return (
    <>
      <ul className="digest-facts">
        <li className="digest-when">{startedLine(digest, now)}</li>
        <FlagLine what="Recording" flag={digest.recording} now={now} watchedSince={recordingOverridden ? null : digest.watchedSince} />
        <FlagLine what="Transcription" flag={digest.transcription} now={now} watchedSince={transcriptionOverridden ? null : digest.watchedSince} />
        <li className="digest-people" data-known={digest.participantsNow !== null || undefined}>
          <span className="digest-people-count">{peopleLine(digest)}</span>
          {/* Without any participant data (a vendor that reports none), 0 joined and 0 left would mislead. */}
          {(digest.participantsNow !== null || digest.joinedTotal + digest.leftTotal > 0) && (
            <span className="digest-movement">{movementLine(digest)}</span>
          )}
        </li>
      </ul>
      {recent.length > 0 && (
        <>
          <h3 className="digest-subtitle">Latest</h3>
          <ol className="digest-recent" aria-live="polite">
            {recent.map((event) => {
              const isNew = event.seq > seenUpTo;
              return (
                <li key={event.seq} data-new={isNew || undefined}>
                  <time dateTime={event.at}>{clockShort(event.at)}</time>
                  <span className="digest-words">{eventWords(event)}</span>
                  {isNew && <span className="new-label">New</span>}
                </li>
              );
            })}
          </ol>
        </>
      )}
    </>
  );
}

/**
 * The digest of a room: when it started, recording and transcription and since when, how many
 * are in it, the last few things that happened. Polls in place. Without room history on the
 * server (404) it says so in one line and leaves the page to the live status.
 */
/** What the page's live status poll says, newer than the history by up to one digest poll. */
export interface LiveFacts {
  state: CallState;
  recording: Flag;
  transcription: Flag;
}

export function DigestPanel({ room, live, withoutHistory }: { room: RoomRef; live: LiveFacts | undefined; withoutHistory: ReactNode }) {
  const query = useQuery(liveDigestQuery(room.provider, room.callId));
  let body;
  if (query.data) body = <DigestFacts digest={query.data} live={live} />;
  else if (query.isError && isApiError(query.error) && query.error.status === 404) {
    body = (
      <>
        {withoutHistory}
        <p className="muted digest-off">This server keeps no history of the room, so only its live status is shown.</p>
      </>
    );
  } else if (query.isError) body = <p className="muted" role="alert">Cannot load what happened so far; retrying.</p>;
  else body = <p className="muted">Loading what happened so far…</p>;
  return (
    <section className="digest" aria-labelledby="digest-title">
      <h2 id="digest-title">The call so far</h2>
      {body}
    </section>
  );
}
