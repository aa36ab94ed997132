import type { Governance } from '../../src/contract/assurance';
import type { RoomRef } from '../history/store';

/** What the assurance and evidence routes need beyond the history: each call's frozen governance. */
export interface AssuranceRuntime {
  /** The policy values stored with the call when it was first seen occupied; null when ungoverned. */
  governanceOf(room: RoomRef): Promise<Governance | null>;
}
