import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import { buildApp } from '../../server/app';
import { loadConfig, vendorPolicy } from '../../server/config';
import { createLogger } from '../../server/logger';
import { createProviders } from '../../server/providers/registry';
import { openHistoryRuntime } from '../../server/watch/historyRuntime';
import { serveParent } from '../ipc';
import type { ProviderId } from '../../src/contract/ids';

/**
 * The BFF for the history phase, composed from the same parts as server/start.ts (no simulator:
 * the bench's simulator is its own process) so that the phase can ask the watcher and the store
 * how they are doing: events written, write p99, store bytes.
 */
const loaded = loadConfig(process.env);
if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
const { config } = loaded;
const logger = createLogger(config.logLevel);
const rates = new Map<ProviderId, number | null>();
const providers = createProviders(
  { upstream: config.vendors, simulator: {} },
  {
    vendors: config.vendorModules,
    policyOf: (vendor) => {
      const policy = vendorPolicy(vendor, config.upstream);
      rates.set(vendor.id, policy.ratePerSecond);
      return policy;
    },
    logger,
  },
);
const watchRooms = config.watchRooms ?? [];
// As start.ts does: the bench's tokens are signed with AUTH_JWT_SECRET.
const configuredSecret = config.auth.kind === 'secret' ? config.auth.secret : config.security.sessionSecret;
const localSecret = configuredSecret ? new TextEncoder().encode(configuredSecret) : new Uint8Array(randomBytes(32));
const history = await openHistoryRuntime(config, { providers, watchRooms, rates, logger });
const app = await buildApp(config, {
  logger,
  providers,
  localSecret,
  watchRooms,
  distDir: '/nonexistent',
  ...(history ? { history } : {}),
});
await app.listen({ port: 0, host: '127.0.0.1' });
await history?.start();
const address = app.server.address();
if (address === null || typeof address === 'string') throw new Error('no TCP port');

let eventsWritten = 0;
history?.watcher.onEvents((_room, events) => (eventsWritten += events.length));

const sizeRow = z.object({ bytes: z.coerce.number() });

/** What the store occupies now: SQLite's pages, or PostgreSQL's history tables with indexes. */
async function storeBytes(): Promise<number> {
  if (!history) return 0;
  const { database } = history;
  // SQLite: the database's pages as this connection sees them (WAL included), not the files'
  // sizes: the WAL file keeps its high-water size after a checkpoint.
  const query =
    database.kind === 'postgres'
      ? sql<unknown>`SELECT pg_total_relation_size('room_events') + pg_total_relation_size('calls') AS bytes`
      : sql<unknown>`SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()`;
  return sizeRow.parse((await query.execute(database.db)).rows[0]).bytes;
}

serveParent(
  { url: `http://127.0.0.1:${address.port}` },
  {
    status: async () => ({
      watch: history?.watcher.status() ?? null,
      eventsWritten,
      storeBytes: await storeBytes(),
      rss: process.memoryUsage().rss,
      pid: process.pid,
    }),
  },
);
