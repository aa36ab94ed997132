import { callStatusSchema, PROCONF_MESSAGES, type CallStatus } from '../../src/contract/proconfAppServer';
import type { CallSnapshot } from '../../src/contract/snapshot';
import { HttpError } from '../errors';
import type { AppServerBackend } from '../providers/types';
import { createAnswerMemo, type SerializedAnswer } from '../reply';
import type { Observed } from '../upstream/cache';
import type { RoomReader } from '../watch/reader';

/** ProCONF's `/callStatus` answer, serialized, and its `Age` when it is a stale vendor answer. */
export interface CallStatusAnswer {
  readonly answer: SerializedAnswer;
  /** Seconds since the vendor last answered, when it is failing (the Age header); else undefined. */
  readonly ageSeconds: number | undefined;
}

/**
 * Where `/callStatus` answers come from, for the route and for the hot path alike (one
 * serialization per observation, the same bytes and ETag either way): the watcher's latest
 * snapshot with history on, the provider's read cache with HISTORY=off.
 */
export interface CallStatusAnswers {
  /** The answer when it is at hand without waiting (on the board, or fresh in the cache); else undefined. */
  atHand(room: string): CallStatusAnswer | undefined;
  /** The answer, waiting for a room's first read (or the cache's refresh) when needed. */
  read(room: string): Promise<CallStatusAnswer>;
}

/** The Age header's seconds for a stale answer (the vendor failing since `observedAt`); undefined for a fresh one. */
export const ageOf = (stale: boolean, observedAt: number) => (stale ? Math.max(0, Math.floor((Date.now() - observedAt) / 1000)) : undefined);

export function createCallStatusAnswers(backend: AppServerBackend | undefined, reader: RoomReader | undefined): CallStatusAnswers {
  const memo = createAnswerMemo();
  const fromSnapshot = (snapshot: CallSnapshot): CallStatusAnswer => ({
    answer: memo.serialize(snapshot, callStatusSchema, {
      transcript_status: snapshot.transcription === 'on',
      recording_status: snapshot.recording === 'on',
    }),
    ageSeconds: ageOf(snapshot.stale, Date.parse(snapshot.observedAt)),
  });
  const fromCache = (observed: Observed<CallStatus>): CallStatusAnswer => ({
    answer: memo.serialize(observed, callStatusSchema, observed.value),
    ageSeconds: ageOf(observed.stale, observed.observedAt.getTime()),
  });
  const proconf = (): AppServerBackend => {
    if (!backend) throw new HttpError(500, PROCONF_MESSAGES.internal);
    return backend;
  };
  const ref = (room: string) => ({ provider: 'proconf', callId: room }) as const;

  return {
    atHand(room) {
      if (!backend) return undefined;
      if (reader) {
        const snapshot = reader.latestSnapshot(ref(room));
        return snapshot && fromSnapshot(snapshot);
      }
      const observed = backend.freshCallStatus?.(room);
      return observed && fromCache(observed);
    },
    async read(room) {
      const backendOf = proconf();
      // A watched room is answered from the watcher's latest snapshot, never by waiting on ProCONF.
      if (reader) return fromSnapshot(await reader.snapshot(ref(room)));
      return fromCache(await backendOf.callStatus(room));
    },
  };
}
