import { startRoomwatch, type Running } from '../../server/start';
import type { Simulator } from '../../server/simulator';
import { signToken, testConfig } from './support';

export interface Harness {
  bff: string;
  sim: Simulator;
  token: string;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/**
 * The real BFF and the embedded simulator on loopback ports, frozen scenario, with the
 * upstream knobs given as environment variables exactly as an operator would set them.
 */
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const config = testConfig({
    SIMULATOR: 'on',
    LOG_LEVEL: 'silent',
    // These tests send bursts from one address and token on purpose; the per-client limits
    // (server/security) have their own tests.
    RATE_LIMIT_USER_PER_MIN: '0',
    RATE_LIMIT_IP_PER_MIN: '0',
    ...env,
  });
  const running: Running = await startRoomwatch(config, { simulatorTickMs: 0, distDir: '/nonexistent' });
  const sim = running.simulator;
  if (!sim) throw new Error('simulator did not start');
  const token = await signToken({ sub: 'upstream-tests', role: 'moderator' }, { expiresIn: '1h' });
  return {
    bff: running.url,
    sim,
    token,
    get: (path, headers = {}) =>
      fetch(`${running.url}${path}`, { headers: { authorization: `Bearer ${token}`, ...headers } }),
    close: () => running.close(),
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` holds or the deadline passes; for states that change asynchronously. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await sleep(25);
  }
}
