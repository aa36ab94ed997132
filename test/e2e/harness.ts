import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
export const SCREENSHOT_DIR = resolve(ROOT, 'test/e2e/screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface RunningServer {
  /** The BFF, e.g. http://127.0.0.1:41234 */
  url: string;
  /** The demo moderator's one-time sign-in link, as printed. */
  signInUrl: string;
  /** The embedded simulator's origin, for its /__sim control routes. */
  simulatorOrigin: string;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the real server exactly as `npm run serve` does (the bundled server in .build/ and the
 * UI in dist/, both from `npm run build`; the embedded simulator; demo auth), on free ports, and
 * reads the printed sign-in link.
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const child: ChildProcess = spawn(process.execPath, ['.build/main.mjs'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', SIMULATOR_PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const deadline = Date.now() + 30_000;
  let match: RegExpMatchArray | null = null;
  while (!(match = /listening on (http:\/\/\S+)[\s\S]*simulated at (http:\/\/\S+)[\s\S]*?(http:\/\/\S+\/auth\/\S+)/.exec(output))) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`server did not print its sign-in link in time:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const [, url = '', simulatorOrigin = '', signInUrl = ''] = match;
  return {
    url,
    signInUrl,
    simulatorOrigin,
    output: () => output,
    stop: () =>
      new Promise<void>((resolveStop) => {
        if (child.exitCode !== null) return resolveStop();
        child.once('exit', () => resolveStop());
        child.kill('SIGTERM');
      }),
  };
}

/** Debian's Chromium, headless, with the flags this machine's closed network needs. */
export function launchBrowser(): Promise<Browser> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

export function screenshotPath(name: string): string {
  return resolve(SCREENSHOT_DIR, `${name}.png`);
}

/** Tells the simulator's ProCONF room to change, as its host pressing a button would. */
export async function setProconfRoom(
  simulatorOrigin: string,
  room: string,
  change: { recording?: boolean; transcription?: boolean; append?: string; ended?: boolean },
): Promise<void> {
  const res = await fetch(`${simulatorOrigin}/__sim/proconf/rooms/${encodeURIComponent(room)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(change),
  });
  if (!res.ok) throw new Error(`simulator refused the change: HTTP ${res.status}`);
}
