import { readFileSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';
import { loadConfig } from '../server/config';
import { startRoomwatch } from '../server/start';
import { serveParent } from './ipc';

/** The BFF exactly as `npm run serve` runs it, configured by the environment the bench gives it. */
const loaded = loadConfig(process.env);
if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
const running = await startRoomwatch(loaded.config, { distDir: '/nonexistent' });

serveParent(
  { url: running.url, metricsUrl: running.metricsUrl },
  {
    /** CPU time this process has used (µs), so a phase can divide it by the answers it gave. */
    cpu: () => process.cpuUsage(),
    /**
     * RSS as the operating system sees it (no forced GC first) with V8's heap and the memory
     * outside it at that moment, then the heap that is still held after a full GC (when the
     * bench started us with --expose-gc): what the cache retains.
     */
    memory: () => {
      const { rss, heapTotal, external } = process.memoryUsage();
      const newSpace = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
      globalThis.gc?.();
      return { rss, rssFile: mappedFiles(), newSpace, heapTotal, external, heapAfterGc: process.memoryUsage().heapUsed };
    },
  },
);

/** RssFile from /proc (bytes): node's binary and other mapped files, which no heap setting changes; null off Linux. */
function mappedFiles(): number | null {
  try {
    const kb = /^RssFile:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb === undefined ? null : Number(kb) * 1024;
  } catch {
    return null;
  }
}
