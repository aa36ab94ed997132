import type { AssuranceCallRow, CallAssurance } from '../../src/contract/assurance';
import type { CallRecord } from '../../src/contract/history';
import type { HistoryStore, RoomRef } from '../history/store';

/** An ended call's figures as the period report needs them: its row and the sums behind the totals. */
export interface StoredFigures {
  row: AssuranceCallRow;
  /** The start the period counts by: the vendor's, or the first watch's when the vendor gave none. */
  periodStart: string;
  occupiedSec: number;
  recordedSec: number;
  violations: number;
  /** The last event folded: figures of a call that has had events since are folded again. */
  lastSeq: number;
}

/** An ended call whose figures are not stored yet (or were stored before its last events). */
export interface UnfoldedCall {
  record: CallRecord;
}

/**
 * Each ended call's figures, folded once and kept (`call_assurance` on the database: see
 * ./figuresRepository.ts). A stored row counts only while the call is still ended at the same last
 * event, so a call that came back (or got late events) is folded again.
 */
export interface FiguresStore {
  /** Stored figures of calls still ended as folded, whose periodStart is in [from, to). */
  ended(from: string, to: string, provider?: string): Promise<StoredFigures[]>;
  /** Ended calls with no current stored figures. */
  unfolded(): Promise<UnfoldedCall[]>;
  put(figures: StoredFigures): Promise<void>;
}

/** An ISO time in one spelling (milliseconds, `Z`), so times compare as text, as the index orders them. */
export const canonicalTime = (iso: string): string => new Date(Date.parse(iso)).toISOString();

/** The start a period counts a call by: the vendor's, else the first watch's. */
export const periodStartOf = (record: Pick<CallRecord, 'startedAt' | 'watchedSince'>): string => canonicalTime(record.startedAt ?? record.watchedSince);

/** The row and sums of a call's fold. */
export function figuresOf(record: CallRecord, assurance: CallAssurance, lastSeq: number): StoredFigures {
  return {
    row: {
      provider: record.provider,
      callId: record.callId,
      startedAt: record.startedAt,
      endedAt: record.endedAt,
      policyId: assurance.policyId,
      verdict: assurance.verdict,
      coverage: assurance.coverage,
      unrecordedSec: assurance.unrecordedSec,
      unverifiedSec: assurance.unverifiedSec,
    },
    periodStart: periodStartOf(record),
    occupiedSec: assurance.occupiedSec,
    recordedSec: assurance.recordedSec,
    violations: assurance.violations.length,
    lastSeq,
  };
}

const CALLS_PAGE = 200;

/** Kept in memory, checked against the history (tests and the bench's memory mode). */
export function memoryFiguresStore(history: Pick<HistoryStore, 'room' | 'listCalls'>): FiguresStore {
  const stored = new Map<string, StoredFigures>();
  const key = (room: RoomRef) => `${room.provider}:${room.callId}`;
  const current = async (figures: StoredFigures) => {
    const state = await history.room({ provider: figures.row.provider, callId: figures.row.callId });
    return state?.record.state === 'ended' && state.lastSeq === figures.lastSeq;
  };
  return {
    async ended(from, to, provider) {
      const out: StoredFigures[] = [];
      for (const figures of stored.values()) {
        if (figures.periodStart < from || figures.periodStart >= to) continue;
        if (provider !== undefined && figures.row.provider !== provider) continue;
        if (await current(figures)) out.push(figures);
      }
      return out;
    },
    async unfolded() {
      const out: UnfoldedCall[] = [];
      for (let cursor: string | undefined; ; ) {
        const page = await history.listCalls({ status: 'ended', limit: CALLS_PAGE, ...(cursor ? { cursor } : {}) });
        for (const record of page.calls) {
          const figures = stored.get(key(record));
          if (!figures || !(await current(figures))) out.push({ record });
        }
        if (!page.nextCursor) return out;
        cursor = page.nextCursor;
      }
    },
    async put(figures) {
      stored.set(key({ provider: figures.row.provider, callId: figures.row.callId }), figures);
    },
  };
}
