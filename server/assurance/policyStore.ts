import { randomUUID } from 'node:crypto';
import {
  governanceSchema,
  recordingPolicySchema,
  type Governance,
  type RecordingPolicy,
  type RecordingPolicyInput,
  type RecordingPolicyPatch,
} from '../../src/contract/assurance';
import { postgresRunner, sqliteRunner, type SqlRunner } from '../alerts/sql';
import type { RoomRef, StoreDatabase } from '../history/store';

/** Recording policies (in creation order) and each call's frozen governance. */
export interface PolicyStore {
  ensure(): Promise<void>;
  list(): Promise<RecordingPolicy[]>;
  create(input: RecordingPolicyInput, now: Date): Promise<RecordingPolicy>;
  update(id: string, patch: RecordingPolicyPatch): Promise<RecordingPolicy | undefined>;
  remove(id: string): Promise<RecordingPolicy | undefined>;
  governanceOf(room: RoomRef): Promise<Governance | null>;
  /** Keeps the first governance a call is given; a second call for the same room changes nothing. */
  govern(room: RoomRef, governance: Governance): Promise<void>;
}

// Kept beside the history's tables; created here until the one-database layer takes them into
// its numbered migrations (docs/assurance.md).
const TABLES = [
  `CREATE TABLE IF NOT EXISTS recording_policies (id TEXT PRIMARY KEY, position INTEGER NOT NULL, body TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS call_governance (provider TEXT NOT NULL, call_id TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (provider, call_id))`,
];

const parsePolicy = (row: unknown): RecordingPolicy => recordingPolicySchema.parse(JSON.parse((row as { body: string }).body));

class SqlPolicyStore implements PolicyStore {
  constructor(private readonly sql: SqlRunner) {}

  async ensure(): Promise<void> {
    await this.sql.batch(TABLES.map((sql) => ({ sql, params: [] })));
  }

  async list(): Promise<RecordingPolicy[]> {
    const rows = await this.sql.all({ sql: 'SELECT body FROM recording_policies ORDER BY position', params: [] });
    return rows.map(parsePolicy);
  }

  async create(input: RecordingPolicyInput, now: Date): Promise<RecordingPolicy> {
    const policy: RecordingPolicy = { id: randomUUID(), ...input, createdAt: now.toISOString() };
    await this.sql.batch([
      {
        sql: 'INSERT INTO recording_policies (id, position, body) SELECT CAST(? AS TEXT), COALESCE(MAX(position), 0) + 1, CAST(? AS TEXT) FROM recording_policies',
        params: [policy.id, JSON.stringify(policy)],
      },
    ]);
    return policy;
  }

  private async get(id: string): Promise<RecordingPolicy | undefined> {
    const [row] = await this.sql.all({ sql: 'SELECT body FROM recording_policies WHERE id = ?', params: [id] });
    return row ? parsePolicy(row) : undefined;
  }

  async update(id: string, patch: RecordingPolicyPatch): Promise<RecordingPolicy | undefined> {
    const current = await this.get(id);
    if (!current) return undefined;
    const next = recordingPolicySchema.parse({ ...current, ...patch });
    await this.sql.batch([{ sql: 'UPDATE recording_policies SET body = ? WHERE id = ?', params: [JSON.stringify(next), id] }]);
    return next;
  }

  async remove(id: string): Promise<RecordingPolicy | undefined> {
    const current = await this.get(id);
    if (current) await this.sql.batch([{ sql: 'DELETE FROM recording_policies WHERE id = ?', params: [id] }]);
    return current;
  }

  async governanceOf(room: RoomRef): Promise<Governance | null> {
    const [row] = await this.sql.all({ sql: 'SELECT body FROM call_governance WHERE provider = ? AND call_id = ?', params: [room.provider, room.callId] });
    return row ? governanceSchema.parse(JSON.parse((row as { body: string }).body)) : null;
  }

  async govern(room: RoomRef, governance: Governance): Promise<void> {
    await this.sql.batch([
      {
        sql: 'INSERT INTO call_governance (provider, call_id, body) VALUES (?, ?, ?) ON CONFLICT (provider, call_id) DO NOTHING',
        params: [room.provider, room.callId, JSON.stringify(governance)],
      },
    ]);
  }
}

/** For the in-memory test store. */
export function memoryPolicyStore(): PolicyStore {
  const policies: RecordingPolicy[] = [];
  const governed = new Map<string, Governance>();
  const key = (room: RoomRef) => `${room.provider}:${room.callId}`;
  return {
    ensure: async () => undefined,
    list: async () => policies.map((p) => ({ ...p })),
    async create(input, now) {
      const policy: RecordingPolicy = { id: randomUUID(), ...input, createdAt: now.toISOString() };
      policies.push(policy);
      return { ...policy };
    },
    async update(id, patch) {
      const i = policies.findIndex((p) => p.id === id);
      const current = policies[i];
      if (!current) return undefined;
      const next = recordingPolicySchema.parse({ ...current, ...patch });
      policies[i] = next;
      return { ...next };
    },
    async remove(id) {
      const i = policies.findIndex((p) => p.id === id);
      return i < 0 ? undefined : policies.splice(i, 1)[0];
    },
    governanceOf: async (room) => governed.get(key(room)) ?? null,
    async govern(room, governance) {
      if (!governed.has(key(room))) governed.set(key(room), governance);
    },
  };
}

export function policyStoreFor(database: StoreDatabase): PolicyStore {
  if (database.kind === 'sqlite') return new SqlPolicyStore(sqliteRunner(database.db));
  if (database.kind === 'postgres') return new SqlPolicyStore(postgresRunner(database.pool));
  return memoryPolicyStore();
}
