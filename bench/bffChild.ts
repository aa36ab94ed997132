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
      globalThis.gc?.();
      return { rss, heapTotal, external, heapAfterGc: process.memoryUsage().heapUsed };
    },
  },
);
