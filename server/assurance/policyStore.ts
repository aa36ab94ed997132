import { randomUUID } from 'node:crypto';
import {
  recordingPolicySchema,
  type Governance,
  type RecordingPolicy,
  type RecordingPolicyInput,
  type RecordingPolicyPatch,
} from '../../src/contract/assurance';
import type { RoomRef } from '../history/store';

/**
 * Recording policies (in creation order) and each call's frozen governance. The repository on the
 * database is `policyRepository` (./policyRepository.ts); the memory one below is for tests and
 * the bench.
 */
export interface PolicyStore {
  list(): Promise<RecordingPolicy[]>;
  create(input: RecordingPolicyInput, now: Date): Promise<RecordingPolicy>;
  update(id: string, patch: RecordingPolicyPatch): Promise<RecordingPolicy | undefined>;
  remove(id: string): Promise<RecordingPolicy | undefined>;
  /** The call's governance; null when it was settled as ungoverned; undefined when not settled yet. */
  governanceOf(room: RoomRef): Promise<Governance | null | undefined>;
  /** Settles a call (null: ungoverned). Keeps the first settlement; a second one changes nothing. */
  govern(room: RoomRef, governance: Governance | null): Promise<void>;
}

export function memoryPolicyStore(): PolicyStore {
  const policies: RecordingPolicy[] = [];
  const governed = new Map<string, Governance | null>();
  const key = (room: RoomRef) => `${room.provider}:${room.callId}`;
  return {
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
    governanceOf: async (room) => governed.get(key(room)),
    async govern(room, governance) {
      if (!governed.has(key(room))) governed.set(key(room), governance);
    },
  };
}
