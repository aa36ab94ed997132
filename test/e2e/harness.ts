import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { enforceCsp } from './browser';

export const ROOT = resolve(import.meta.dirname, '../..');
export const SCREENSHOT_DIR = resolve(ROOT, 'test/e2e/screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The real server with its own auth configured: no demo user, so no sign-in link is printed. */
export interface ConfiguredServer {
  /** The BFF, e.g. http://127.0.0.1:41234 */
  url: string;
  /** The embedded simulator's origin, for its /__sim control routes. */
  simulatorOrigin: string;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

/** The demo: as a newcomer runs it, with the printed one-time sign-in link. */
export interface RunningServer extends ConfiguredServer {
  /** The demo moderator's one-time sign-in link, as printed. */
  signInUrl: string;
}

const READY = /listening on (http:\/\/\S+)[\s\S]*simulated at (http:\/\/\S+)/;
const READY_WITH_LINK = /listening on (http:\/\/\S+)[\s\S]*simulated at (http:\/\/\S+)[\s\S]*?(http:\/\/\S+\/auth\/\S+)/;

/**
 * Starts the real server exactly as `npm run serve` does (the bundled server in .build/ and the
 * UI in dist/, both from `npm run build`; the embedded simulator), on free ports, and waits for
 * what it prints when ready.
 */
async function spawnServer(env: Record<string, string>, ready: RegExp): Promise<{ match: RegExpExecArray; server: ConfiguredServer }> {
  // Each server keeps its history in its own temp dir, never in the work tree's ./data.
  const dataDir = mkdtempSync(join(tmpdir(), 'roomwatch-e2e-'));
  const child: ChildProcess = spawn(process.execPath, ['.build/main.mjs'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', SIMULATOR_PORT: '0', LOG_LEVEL: 'warn', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const deadline = Date.now() + 30_000;
  let match: RegExpExecArray | null = null;
  while (!(match = ready.exec(output))) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`server did not say it was ready in time:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const [, url = '', simulatorOrigin = ''] = match;
  const server: ConfiguredServer = {
    url,
    simulatorOrigin,
    output: () => output,
    stop: () =>
      new Promise<void>((resolveStop) => {
        const done = () => {
          rmSync(dataDir, { recursive: true, force: true });
          resolveStop();
        };
        if (child.exitCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
  };
  return { match, server };
}

/** The demo (no auth configured), reading the printed one-time sign-in link. */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const { match, server } = await spawnServer(env, READY_WITH_LINK);
  return { ...server, signInUrl: match[3] ?? '' };
}

/** A deployment with its own auth (e.g. AUTH_JWT_SECRET): nobody is signed in by a printed link. */
export async function startConfiguredServer(env: Record<string, string>): Promise<ConfiguredServer> {
  return (await spawnServer(env, READY)).server;
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

/** Chromium signed in as the demo moderator through the printed link, with the production CSP enforced. */
export interface SignedInBrowser {
  browser: Browser;
  context: BrowserContext;
  /** On the overview, signed in. */
  page: Page;
  /** CSP violations the context has reported so far (a test asserts it stays empty). */
  cspViolations: string[];
}

export async function signInAsDemoModerator(server: RunningServer, options: BrowserContextOptions = {}): Promise<SignedInBrowser> {
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, ...options });
  const cspViolations = await enforceCsp(context, server.url);
  const page = await context.newPage();
  await page.goto(server.signInUrl);
  await page.waitForURL(`${server.url}/`);
  return { browser, context, page, cspViolations };
}
