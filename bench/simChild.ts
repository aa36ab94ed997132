import { startSimulator } from '../server/simulator';
import type { FaultMode } from '../server/simulator/faults';
import { serveParent } from './ipc';

/**
 * The simulator in its own process, so the BFF's CPU and memory are measured alone. Its
 * frozen ProCONF world gets as many rooms as the bench asks for (the real vendor would have
 * them; the demo world has five).
 */
const sim = await startSimulator({ tickMs: 0, seed: 1 });
const proconf = sim.vendorConfigs.proconf;
if (!proconf) throw new Error('the simulator has no ProCONF');

serveParent(
  { origin: sim.origin, proconfUrl: proconf.url, proconfToken: proconf.token ?? '' },
  {
    rooms: (args) => {
      const { prefix, from, to } = args as { prefix: string; from: number; to: number };
      const now = new Date();
      for (let i = from; i < to; i += 1) sim.proconf.open(`${prefix}${i}`, now);
      return sim.proconf.rooms.size;
    },
    fault: (args) => {
      sim.setFault('proconf', { mode: args as FaultMode });
      return true;
    },
    clearFaults: () => {
      sim.clearFaults();
      return true;
    },
    /** Arrival times (epoch ms) of ProCONF requests since `since`. */
    arrivals: (args) => {
      const since = args as number;
      return sim.requests
        .all('proconf')
        .filter((r) => r.at >= since)
        .map((r) => r.at);
    },
    count: (args) => {
      const { includes } = args as { includes?: string };
      return sim.requests.count('proconf', includes);
    },
    clearLog: () => {
      sim.requests.clear();
      return true;
    },
  },
);
