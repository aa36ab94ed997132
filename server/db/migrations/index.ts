import type { Migration } from '../migration';
import { callsAndRoomEvents } from './0001-calls-and-room-events';
import { alerts } from './0002-alerts';
import { shareLinks } from './0003-share-links';
import { auditLog } from './0004-audit-log';
import { recordingAssurance } from './0005-recording-assurance';
import { eventHashChain } from './0006-event-hash-chain';

/**
 * Every schema step, in order. The versions are those `schema_migrations` has recorded since the
 * first release, so a database made by any earlier roomwatch carries on from where it stands.
 * Adding a table: a new file here with the next version, appended to this list.
 */
export const MIGRATIONS: readonly Migration[] = [callsAndRoomEvents, alerts, shareLinks, auditLog, recordingAssurance, eventHashChain];
