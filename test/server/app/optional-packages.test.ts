import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnTs, stopChild, type Child } from '../../support/processHarness';

const dirs: string[] = [];
const children: Child[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) await stopChild(child);
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Which optional packages a fresh process loaded once roomwatch started with `env`. */
async function packagesLoaded(env: Record<string, string>): Promise<string[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'roomwatch-packages-'));
  dirs.push(dataDir);
  const child = spawnTs('test/support/optionalPackagesAtStart.ts', { PORT: '0', SIMULATOR_PORT: '0', DATA_DIR: dataDir, ...env });
  children.push(child);
  const [, list = '[]'] = await child.waitFor(/^packages (\[.*\])$/m, 60_000);
  return JSON.parse(list) as string[];
}

describe('packages only some set-ups need', () => {
  // The AWS SDK, the PostgreSQL and Redis clients and prom-client are about 11 MB of heap
  // (docs/bench.md); a default install (SQLite, one instance, no metrics, no summary bucket)
  // has no use for them.
  it('are not loaded by the default set-up', async () => {
    expect(await packagesLoaded({})).toEqual([]);
  }, 90_000);

  it('are loaded when configured: metrics load prom-client', async () => {
    expect(await packagesLoaded({ METRICS_PORT: '0' })).toEqual(['prom-client']);
  }, 90_000);
});
