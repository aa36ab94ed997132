import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { Simulator } from '../../server/simulator';

/** One BFF as production runs it: its own process, `node --import tsx server/main.ts`. */
export interface BffProcess {
  readonly url: string;
  /** The coordination layer's id for this process (leases hold it). */
  readonly instanceId: string;
  /** The demo's printed one-time sign-in code (demo auth mode only). */
  readonly signInCode: string | undefined;
  readonly child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** SIGKILL: no clean close, no lease released (a crash or `kill -9`). */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

const ROOT = resolve(import.meta.dirname, '../..');

/** The variables that point a BFF at a simulator running elsewhere (what `npm run simulator` prints). */
export function simulatorEnv(simulator: Simulator): Record<string, string> {
  const c = simulator.vendorConfigs;
  const vars: Record<string, string | number | undefined> = {
    SIMULATOR: 'off',
    PROCONF_ADMIN_URL: c.proconf?.url,
    PROCONF_ADMIN_TOKEN: c.proconf?.token,
    BANDWIDTH_API_URL: c.bandwidth?.url,
    BANDWIDTH_USER_ID: c.bandwidth?.userId,
    BANDWIDTH_API_TOKEN: c.bandwidth?.apiToken,
    BANDWIDTH_API_SECRET: c.bandwidth?.apiSecret,
    COMETCHAT_API_URL: c.cometchat?.url,
    COMETCHAT_API_KEY: c.cometchat?.apiKey,
    TENCENT_API_URL: c.tencent?.url,
    TENCENT_SDKAPPID: c.tencent?.sdkAppId,
    TENCENT_SECRET_KEY: c.tencent?.secretKey,
    TENCENT_ADMIN_ID: c.tencent?.adminId,
    // Vendors that cannot list their calls: the overview pins these, as the embedded simulator would.
    WATCH_ROOMS: simulator
      .unlistedDemoCalls()
      .map((call) => `${call.provider}:${call.callId}`)
      .join(','),
  };
  return Object.fromEntries(Object.entries(vars).flatMap(([name, value]) => (value === undefined ? [] : [[name, String(value)]])));
}

/**
 * Spawns a BFF and waits until it prints where it listens. LOG_LEVEL must be `info` or lower
 * when REDIS_URL is set: the instance id is read from its start-up log line.
 */
export async function spawnBff(env: Record<string, string>, timeoutMs = 30_000): Promise<BffProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // A crashed test run must not leave a BFF behind.
  const reap = () => child.kill('SIGKILL');
  process.once('exit', reap);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));

  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`BFF did not start within ${timeoutMs} ms:\n${output.slice(-2000)}`)), timeoutMs);
    const check = () => {
      const match = /listening on (http:\/\/[^\s]+) /.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        done(match[1]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`BFF exited (${String(code)}) before listening:\n${output.slice(-2000)}`));
    });
  });
  const instanceId = /"instance":"([0-9a-f-]{36})"/.exec(output)?.[1] ?? '';
  const signInCode = /\/auth\/([A-Za-z0-9_-]{32})\s/.exec(output)?.[1];

  const waitExit = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    await exited;
    process.removeListener('exit', reap);
  };
  return {
    url,
    instanceId,
    signInCode,
    child,
    output: () => output,
    kill: () => waitExit('SIGKILL'),
    stop: () => waitExit('SIGTERM'),
  };
}
