import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, ROOT, startConfiguredServer, type ConfiguredServer } from './harness';
import { enforceCsp } from './browser';

/** A deployment with its own secret: no demo link; an operator mints sign-in links with the CLI. */
const SECRET = 'e2e-deployment-secret-0123456789abcdef';

let server: ConfiguredServer;
let browser: Browser;

/** `npm run -s token -- ... --link --base <url>`, exactly as the README shows it. */
function signInLink(args: string[]): string {
  return execFileSync(process.execPath, ['--import', 'tsx', 'scripts/token.ts', ...args, '--link', '--base', server.url], {
    cwd: ROOT,
    env: { ...process.env, AUTH_JWT_SECRET: SECRET },
    encoding: 'utf8',
  }).trim();
}

beforeAll(async () => {
  server = await startConfiguredServer({ AUTH_JWT_SECRET: SECRET });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('signing in with a token link in a configured deployment', () => {
  it('prints no demo link, and a moderator link lands on the overview with the token gone from the address bar', async () => {
    expect(server.output()).not.toContain('/auth/');
    const link = signInLink(['--role', 'moderator', '--sub', 'ops-lead']);
    expect(link).toMatch(new RegExp(`^${server.url}/signin#token=ey`));
    const context = await browser.newContext();
    const violations = await enforceCsp(context, server.url);
    const page = await context.newPage();
    await page.goto(link);
    await page.waitForURL(`${server.url}/`);
    await page.getByRole('link', { name: 'standup', exact: true }).waitFor();
    expect(page.url()).not.toContain('token');
    expect(violations).toEqual([]);
    await context.close();
  });

  it('a participant link lands only on its own room’s catch-up page', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(signInLink(['--role', 'participant', '--rooms', 'standup']));
    await page.waitForURL(`${server.url}/catch-up/proconf/standup`);
    await page.getByText(/Catch-up: what you missed/i).waitFor();
    // Its session cannot read another room.
    const other = await page.evaluate(async () => (await fetch('/api/calls/proconf/all-hands')).status);
    expect(other).toBe(403);
    await context.close();
  });

  it('a forged link signs nobody in and says so', async () => {
    const link = signInLink(['--role', 'moderator']);
    const forged = `${link.slice(0, -4)}AAAA`;
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(forged);
    await page.getByText('That sign-in link has expired or is not valid.').waitFor();
    expect(page.url()).not.toContain('token');
    const me = await page.evaluate(async () => (await fetch('/api/me')).status);
    expect(me).toBe(401);
    await context.close();
  });
});
