import type { IncomingMessage, ServerResponse } from 'node:http';
import { ROOM_NAME_PATTERN } from '../../src/contract/ids';
import { canReadRoom } from '../../src/contract/roomAccess';
import { bearerTokenOf } from '../auth/session';
import type { TokenVerifier } from '../auth/verifier';
import { ifNoneMatchMatches, REVALIDATE_PRIVATELY } from '../etag';
import type { HttpRecorder } from '../metrics/recorder';
import type { CallStatusAnswer, CallStatusAnswers } from '../routes/callStatusAnswers';
import { JSON_TYPE, type SerializedAnswer } from '../reply';
import { EVERY_ANSWER_HEADERS } from '../security/headers';
import type { RateLimitGate } from '../security/rateLimit';

/** The one URL shape the hot path answers; anything else (another parameter, an escape, HEAD) goes through Fastify. */
const PREFIX = '/callStatus?roomName=';
const ROUTE = '/callStatus';

export interface CallStatusHotPathDeps {
  verifier: TokenVerifier;
  /** Undefined when both rate limits are off. */
  rateLimit: RateLimitGate | undefined;
  answers: CallStatusAnswers;
  /** The room is looked at (the watcher reads rooms people look at more often). */
  touch(room: string): void;
  /** With METRICS_PORT: the answer is counted as Fastify's onResponse hook would count it. */
  metrics?: HttpRecorder;
  /**
   * Whether the hot path may answer at all: not while the app is closing (Fastify answers 503),
   * not when request lines are logged (Fastify writes them), not for a cross-origin request
   * when CORS is configured (Fastify's CORS plugin answers it).
   */
  open(request: IncomingMessage): boolean;
}

/**
 * Answers `request` without Fastify when it is a ProCONF app's poll of a room whose answer is
 * at hand, and returns true; returns false (having written nothing) for anything else, which
 * Fastify then handles as before. `fallback` is Fastify's handler, for a request the hot path
 * took but then finds over its rate limit.
 */
export type HotPath = (request: IncomingMessage, response: ServerResponse, fallback: () => void) => boolean;

/**
 * The cached `/callStatus` poll with every check the Fastify route makes, in the same order of
 * outcome: the URL cap and the room-name check (only an allow-listed name is taken, so no URL
 * over the cap ever is), the token (only a verification the verifier already remembers; an
 * unknown, invalid or revoked token goes to Fastify for its 401), the room access (a caller who
 * may not read the room goes to Fastify for its 403), the per-user rate limit counted in the
 * plugin's own window (over it: Fastify answers the 429), then the answer with the headers
 * the route and the security hook would set (ETag and 304, nosniff, no-referrer, Age). Every
 * answer it gives is byte for byte the route's (test/server/hotPath).
 */
export function callStatusHotPath(deps: CallStatusHotPathDeps): HotPath {
  // Keyed weakly by the serialized answer: kept exactly as long as the answer is.
  const answer = answerWith(new WeakMap());
  return (request, response, fallback) => {
    const url = request.url;
    if (request.method !== 'GET' || url === undefined || !url.startsWith(PREFIX)) return false;
    const room = url.slice(PREFIX.length);
    if (!ROOM_NAME_PATTERN.test(room) || !deps.open(request)) return false;
    const authorization = request.headers.authorization;
    if (authorization === undefined) return false;
    const verified = deps.verifier.cached?.(bearerTokenOf(authorization));
    if (!verified || !canReadRoom(verified.identity, { provider: 'proconf', callId: room })) return false;
    const atHand = deps.answers.atHand(room);
    if (!atHand) return false;
    deps.touch(room);
    const send = () => answer(request, response, atHand, deps.metrics);
    if (!deps.rateLimit) send();
    else deps.rateLimit.admitUser(verified.identity.sub, (within) => (within ? send() : fallback()));
    return true;
  };
}

/**
 * Headers go to writeHead as one flat [name, value, ...] list: Node writes that form without the
 * per-header work it does for an object, which cost about as much as everything else here
 * (docs/bench.md, "The hot path"). A fresh answer's two lists are made once per serialized answer.
 */
const EVERY_ANSWER = Object.entries(EVERY_ANSWER_HEADERS).flat();

interface HeaderLists {
  ok: string[];
  notModified: string[];
}

function headerListsOf(answer: SerializedAnswer, ageSeconds: number | undefined): HeaderLists {
  const notModified = [...EVERY_ANSWER, 'etag', answer.etag, 'cache-control', REVALIDATE_PRIVATELY];
  if (ageSeconds !== undefined) notModified.push('age', String(ageSeconds));
  return { notModified, ok: [...notModified, 'content-type', JSON_TYPE, 'content-length', String(answer.length)] };
}

function answerWith(lists: WeakMap<SerializedAnswer, HeaderLists>) {
  return (request: IncomingMessage, response: ServerResponse, { answer, ageSeconds }: CallStatusAnswer, metrics: HttpRecorder | undefined): void => {
    // A stale answer's Age changes every second: its lists are made per answer, never kept.
    let headers = ageSeconds === undefined ? lists.get(answer) : undefined;
    if (!headers) {
      headers = headerListsOf(answer, ageSeconds);
      if (ageSeconds === undefined) lists.set(answer, headers);
    }
    const notModified = ifNoneMatchMatches(request.headers['if-none-match'], answer.etag);
    response.writeHead(notModified ? 304 : 200, notModified ? headers.notModified : headers.ok);
    response.end(notModified ? undefined : answer.body);
    metrics?.httpRequest(ROUTE, notModified ? 304 : 200);
    metrics?.hotPathAnswer();
  };
}
