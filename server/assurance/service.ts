import { LRUCache } from 'lru-cache';
import type {
  AssuranceQuery,
  CallAssurance,
  Governance,
  RecordingPolicy,
  RecordingPolicyInput,
  RecordingPolicyPatch,
} from '../../src/contract/assurance';
import type { RoomRef } from '../../src/contract/roomAccess';
import { ruleMatches } from '../alerts/conditions';
import type { HistoryStore } from '../history/store';
import type { ProviderSet } from '../providers/registry';
import type { Watcher } from '../watch/watcher';
import { basisOf, readAllEvents } from './callEvents';
import { assessCall } from './fold';
import type { AssessedCall } from './period';
import type { CallRecord, RoomEvent } from '../../src/contract/history';
import { canonicalTime, figuresOf, memoryFiguresStore, periodStartOf, type FiguresStore, type StoredFigures } from './figuresStore';
import { figuresRepository } from './figuresRepository';
import type { AppDatabase } from '../db';
import { chainRepository, type ChainStore } from '../evidence/hashStore';
import { policyRepository } from './policyRepository';
import type { PolicyStore } from './policyStore';
import type { AssuranceRuntime } from './runtime';
import type { AuditEntryInput, AuditLog } from '../audit/auditLog';

/** Who changed a policy, as the audit log names people; null for a change no person made (tests, tools). */
export type PolicyActor = AuditEntryInput['actor'] | null;

export interface AssuranceService extends AssuranceRuntime {
  /** Each room's hash chain (evidence). */
  chain: ChainStore;
  start(): Promise<void>;
  close(): void;
  listPolicies(): Promise<RecordingPolicy[]>;
  createPolicy(input: RecordingPolicyInput, actor: PolicyActor): Promise<RecordingPolicy>;
  updatePolicy(id: string, patch: RecordingPolicyPatch, actor: PolicyActor): Promise<RecordingPolicy | undefined>;
  deletePolicy(id: string, actor: PolicyActor): Promise<boolean>;
  /** The call's open violation stretch now (for the `policy.violated` alert), or null. */
  openStretch(room: RoomRef, now: number): Promise<{ since: number; graceSec: number } | null>;
  /** Every call of the period (by start) that passes the filters, with its figures; `canRead` limits rooms. */
  assessPeriod(query: Pick<AssuranceQuery, 'from' | 'to' | 'provider' | 'policyId' | 'verdict'>, canRead: (room: RoomRef) => boolean): Promise<AssessedCall[]>;
}

/** Where policies, governance and chains are kept: the history's database, or (tests) given stores. */
export type AssuranceStorage = { database: AppDatabase } | { store: PolicyStore; chain: ChainStore; figures?: FiguresStore };

export type AssuranceServiceDeps = AssuranceStorage & {
  history: HistoryStore;
  watcher: Pick<Watcher, 'onEvents'>;
  providers: Pick<ProviderSet, 'get'>;
  logger: { error(obj: object, msg: string): void };
  /** Where policy changes are recorded, with the policy before and after. */
  audit?: AuditLog;
  now?: () => number;
};

/**
 * Recording policies, governance and the figures the routes answer. Governance is decided once per
 * call, when the watcher's events first show it occupied: the first enabled matching policy (by
 * creation order), its values frozen with the call.
 */
export function createAssuranceService(deps: AssuranceServiceDeps): AssuranceService {
  const store = 'database' in deps ? policyRepository(deps.database) : deps.store;
  const now = deps.now ?? Date.now;
  const chainStore = 'database' in deps ? chainRepository(deps.database) : deps.chain;
  const listsParticipants = (room: RoomRef) => deps.providers.get(room.provider)?.info.capabilities.participants ?? false;
  /** Rooms whose governance is settled (governed, or first seen occupied with no policy matching): the store keeps both, this spares a read. */
  const decided = new LRUCache<string, true>({ max: 100_000 });
  const pending = new Map<string, Promise<void>>();
  let unsubscribe: (() => void) | undefined;
  // An ended call's figures never change (its governance is frozen, its events complete): each is
  // folded once, when it ends or by the first period query that meets it, and stored.
  const figures = 'database' in deps ? figuresRepository(deps.database) : (deps.figures ?? memoryFiguresStore(deps.history));

  /** `written`: events the watcher just wrote; from seq 1 they are the call's whole history. */
  async function decide(room: RoomRef, written?: readonly RoomEvent[]): Promise<void> {
    const key = `${room.provider}:${room.callId}`;
    if (decided.has(key)) return;
    // A call's first events: nothing was stored for it before them, governance included (a prune
    // removes a call's governance with its events), so neither needs a read.
    const first = written?.[0]?.seq === 1 ? written : undefined;
    if (!first && (await store.governanceOf(room)) !== undefined) {
      decided.set(key, true);
      return;
    }
    const events = first ?? (await readAllEvents(deps.history, room));
    const at = now();
    const seen = assessCall(events, basisOf(events, null, listsParticipants(room), at));
    if (seen.occupiedSec <= 0) return;
    const policy = (await store.list()).find((p) => p.enabled && ruleMatches(p, room));
    await store.govern(
      room,
      policy
        ? { policyId: policy.id, require: policy.require, graceSec: policy.graceSec, retainDays: policy.retainDays, governedAt: new Date(at).toISOString() }
        : null,
    );
    decided.set(key, true);
  }

  /** The call's figures now, from its whole history, with the last event folded. */
  async function fold(room: RoomRef, at: number): Promise<{ assurance: CallAssurance; lastSeq: number }> {
    await (pending.get(`${room.provider}:${room.callId}`) ?? decide(room));
    const governance = (await store.governanceOf(room)) ?? null;
    const events = await readAllEvents(deps.history, room);
    return { assurance: assessCall(events, basisOf(events, governance, listsParticipants(room), at)), lastSeq: events.at(-1)?.seq ?? 0 };
  }

  async function storeEnded(record: CallRecord): Promise<StoredFigures> {
    const { assurance, lastSeq } = await fold(record, now());
    const stored = figuresOf(record, assurance, lastSeq);
    await figures.put(stored);
    return stored;
  }

  /** A call that has just ended gets its figures stored, so no period query has to fold it. */
  async function settleEnded(room: RoomRef): Promise<void> {
    const state = await deps.history.room(room);
    if (state?.record.state === 'ended') await storeEnded(state.record);
  }

  function consider(room: RoomRef, written: readonly RoomEvent[]): void {
    const key = `${room.provider}:${room.callId}`;
    if (decided.has(key) || pending.has(key)) return;
    const run = decide(room, written)
      .catch((err: unknown) => deps.logger.error({ err, room: key }, 'assurance: could not settle a call\'s governance'))
      .finally(() => pending.delete(key));
    pending.set(key, run);
  }

  async function audit(
    action: 'recording_policy.created' | 'recording_policy.updated' | 'recording_policy.deleted',
    actor: PolicyActor,
    id: string,
    before: RecordingPolicy | null,
    after: RecordingPolicy | null,
  ): Promise<void> {
    if (!actor) return;
    await deps.audit?.record({ actor, action, target: { type: 'recording_policy', id }, details: { before, after } });
  }

  return {
    chain: chainStore,
    async start() {
      // The chain needs nothing here: the history's append writes each event's link with it.
      unsubscribe = deps.watcher.onEvents((room, events) => {
        consider(room, events);
        if (events.some((e) => e.kind === 'watch.stopped' || (e.kind === 'state' && e.to === 'ended'))) {
          settleEnded(room).catch((err: unknown) => deps.logger.error({ err, room: `${room.provider}:${room.callId}` }, 'assurance: could not store an ended call\'s figures'));
        }
      });
    },
    close() {
      unsubscribe?.();
    },
    async governanceOf(room: RoomRef): Promise<Governance | null> {
      // A call read before the watcher's listener settled it (or stored before this process
      // started) is settled now, by the same rule.
      await (pending.get(`${room.provider}:${room.callId}`) ?? decide(room));
      return (await store.governanceOf(room)) ?? null;
    },
    listPolicies: () => store.list(),
    async createPolicy(input, actor) {
      const created = await store.create(input, new Date(now()));
      await audit('recording_policy.created', actor, created.id, null, created);
      return created;
    },
    async updatePolicy(id, patch, actor) {
      const before = (await store.list()).find((p) => p.id === id) ?? null;
      const after = await store.update(id, patch);
      if (after) await audit('recording_policy.updated', actor, id, before, after);
      return after;
    },
    async deletePolicy(id, actor) {
      const before = await store.remove(id);
      if (before) await audit('recording_policy.deleted', actor, id, before, null);
      return before !== undefined;
    },
    async openStretch(room, at) {
      await (pending.get(`${room.provider}:${room.callId}`) ?? decide(room));
      const governance = await store.governanceOf(room);
      if (!governance) return null;
      const events = await readAllEvents(deps.history, room);
      const open = assessCall(events, basisOf(events, governance, listsParticipants(room), at)).violations.find((v) => v.to === null);
      return open ? { since: Date.parse(open.from), graceSec: governance.graceSec } : null;
    },
    async assessPeriod(query, canRead) {
      const at = now();
      const from = canonicalTime(query.from);
      const to = canonicalTime(query.to);
      const inPeriod = (start: string) => start >= from && start < to;
      const wanted = (room: RoomRef) => (query.provider === undefined || room.provider === query.provider) && canRead(room);
      // Keyed by call: a call that ends while this runs is counted once, by its stored figures.
      const calls = new Map<string, AssessedCall>();
      const add = (row: AssessedCall['row'], assurance: AssessedCall['assurance']) => calls.set(`${row.provider}:${row.callId}`, { row, assurance });
      const addStored = (f: StoredFigures) =>
        add(f.row, { occupiedSec: f.occupiedSec, recordedSec: f.recordedSec, unrecordedSec: f.row.unrecordedSec, unverifiedSec: f.row.unverifiedSec });

      // Live calls are folded at every query: their figures grow.
      for (const room of await deps.history.openRooms()) {
        if (!wanted(room)) continue;
        const state = await deps.history.room(room);
        if (!state || state.record.state === 'ended' || !inPeriod(periodStartOf(state.record))) continue;
        const { assurance, lastSeq } = await fold(room, at);
        const live = figuresOf(state.record, assurance, lastSeq);
        add(live.row, assurance);
      }
      // Ended calls not stored yet (ended before this process, or before migration 7): folded once.
      for (const { record } of await figures.unfolded()) {
        if (wanted(record) && inPeriod(periodStartOf(record))) addStored(await storeEnded(record));
      }
      for (const stored of await figures.ended(from, to, query.provider)) {
        if (canRead(stored.row)) addStored(stored);
      }

      return [...calls.values()].filter(
        (c) => (query.policyId === undefined || c.row.policyId === query.policyId) && (query.verdict === undefined || c.row.verdict === query.verdict),
      );
    },
  };
}
