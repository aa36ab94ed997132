/**
 * Share links end to end. Needs the server side (`POST /api/share-links`, `POST /auth/session`)
 * from the security branch: run after merging it. The client protocol is in docs/security.md (Share links).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshotPath, startServer, type RunningServer } from './harness';
import { enforceCsp } from './browser';

let server: RunningServer;
let browser: Browser;
let moderator: BrowserContext;
let page: Page;
let shareUrl = '';
let cspViolations: string[];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  moderator = await browser.newContext();
  await moderator.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  cspViolations = await enforceCsp(moderator, server.url);
  page = await moderator.newPage();
  await page.goto(server.signInUrl);
  await page.waitForURL(`${server.url}/`);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a moderator shares a catch-up link with a latecomer', () => {
  it('copies a link for the room and says until when it works', async () => {
    await page.goto(`${server.url}/rooms/proconf/standup`);
    await page.getByRole('button', { name: 'Copy catch-up link' }).click();
    await page.getByText(/^Copied, valid until \d\d:\d\d$/).waitFor();
    shareUrl = await page.evaluate(() => navigator.clipboard.readText());
    expect(shareUrl).toMatch(new RegExp(`^${server.url}/catch-up/proconf/standup#share=[\\w-]+\\.[\\w-]+\\.[\\w-]+$`));
  });

  it('opens the summary for a latecomer on a phone, and the token leaves the address bar', async () => {
    const phone = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const violations = await enforceCsp(phone, server.url);
    const latecomer = await phone.newPage();
    await latecomer.goto(shareUrl);
    await latecomer.getByRole('heading', { level: 1, name: 'standup' }).waitFor();
    await latecomer.locator('.summary-block, .message').first().waitFor();
    expect(new URL(latecomer.url()).hash).toBe('');
    const cookie = (await phone.cookies()).find((c) => c.name === 'roomwatch_session');
    expect(cookie?.httpOnly).toBe(true);

    // The link opens that room and nothing else.
    await latecomer.goto(`${server.url}/`);
    await latecomer.waitForURL(`${server.url}/catch-up/proconf/standup`);
    await latecomer.goto(`${server.url}/catch-up/proconf/all-hands`);
    await latecomer.getByRole('heading', { name: "You don't have access to this room" }).waitFor();
    expect(violations).toEqual([]);
    await phone.close();
  });

  it('tells whoever opens a tampered link that it has expired or is not valid', async () => {
    const stranger = await browser.newContext();
    const other = await stranger.newPage();
    // Change the signature's first character (the last one may only carry padding bits).
    const [page = '', token = ''] = shareUrl.split('#share=');
    const [head = '', payload = '', signature = ''] = token.split('.');
    const forged = `${page}#share=${head}.${payload}.${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    await other.goto(forged);
    await other.getByRole('heading', { name: 'This link has expired or is not valid' }).waitFor();
    expect(new URL(other.url()).hash).toBe('');
    await stranger.close();
  });

  it('takes a link back from the room page: the latecomer already reading is refused at once', async () => {
    const phone = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const latecomer = await phone.newPage();
    await latecomer.goto(shareUrl);
    await latecomer.getByRole('region', { name: 'The call so far' }).waitFor();
    expect((await latecomer.request.get(`${server.url}/api/me`)).status()).toBe(200);

    await page.goto(`${server.url}/rooms/proconf/standup`);
    const links = page.getByRole('region', { name: /^Catch-up links in use/ });
    await links.waitFor();
    const before = await links.getByRole('button', { name: /^Revoke/ }).count();
    for (const width of [360, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      await links.screenshot({ path: screenshotPath(`room-share-links-${width}`) });
    }
    await links.getByRole('button', { name: /^Revoke/ }).first().click();
    if (before === 1) await links.waitFor({ state: 'detached' });
    else await page.getByRole('region', { name: `Catch-up links in use (${before - 1})` }).waitFor();

    // The session cookie made from the link and the link itself stop working on the next request.
    expect((await latecomer.request.get(`${server.url}/api/me`)).status()).toBe(401);
    const again = await browser.newContext();
    const replay = await again.newPage();
    await replay.goto(shareUrl);
    await replay.getByRole('heading', { name: 'This link has expired or is not valid' }).waitFor();
    await again.close();
    await phone.close();
  });

  it('runs under the production Content-Security-Policy', () => {
    expect(cspViolations).toEqual([]);
  });
});
