import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/** A child process of this repo run through tsx, with what it printed so far. */
export interface Child {
  process: ChildProcess;
  output(): string;
  /** Resolves with the first match of `pattern` in stdout (rejects if the process exits first). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnTs(entry: string, env: Record<string, string>): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on('exit', (code, signal) => done({ code, signal })),
  );
  return {
    process: child,
    output: () => `${stdout}\n--- stderr ---\n${stderr}`,
    exited,
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((done, fail) => {
        const started = Date.now();
        const check = () => {
          const match = stdout.match(pattern);
          if (match) return done(match);
          if (child.exitCode !== null || child.signalCode !== null) return fail(new Error(`exited before ${String(pattern)}:\n${stdout}\n${stderr}`));
          if (Date.now() - started > timeoutMs) return fail(new Error(`no ${String(pattern)} within ${timeoutMs} ms:\n${stdout}\n${stderr}`));
          setTimeout(check, 50);
        };
        check();
      });
    },
  };
}

/** Stops a child (SIGTERM, then SIGKILL) if it still runs. */
export async function stopChild(child: Child | undefined): Promise<void> {
  if (!child || child.process.exitCode !== null || child.process.signalCode !== null) return;
  child.process.kill('SIGTERM');
  const timer = setTimeout(() => child.process.kill('SIGKILL'), 5_000);
  await child.exited;
  clearTimeout(timer);
}

/** The vendor simulators as their own process (`npm run simulator`), so they outlive a killed BFF. */
export async function startSimulatorProcess(seed: number): Promise<{ child: Child; origin: string; env: Record<string, string> }> {
  const child = spawnTs('server/simulator/cli.ts', { SIMULATOR_SEED: String(seed), SIMULATOR_PORT: '0' });
  const [, origin = ''] = await child.waitFor(/vendor simulators on (http:\/\/127\.0\.0\.1:\d+)/);
  await child.waitFor(/vendors that cannot list/);
  const env: Record<string, string> = {};
  for (const [, name = '', value = ''] of child.output().matchAll(/^ {2}([A-Z_]+)=(\S+)$/gm)) env[name] = value;
  return { child, origin, env };
}

/** The BFF (`server/main.ts`) on a free port; resolves once it printed where it listens. */
export async function startBff(env: Record<string, string>): Promise<{ child: Child; url: string }> {
  const child = spawnTs('server/main.ts', { PORT: '0', ...env });
  const [, url = ''] = await child.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
  return { child, url };
}
