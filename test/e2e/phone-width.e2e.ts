import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { callsPageSchema, roomListSchema } from '../../src/contract';
import { seriousA11yViolations } from './browser';
import { screenshotPath, signInAsDemoModerator, startServer, type RunningServer } from './harness';

/**
 * The demo on a 360 px phone: no page scrolls sideways, and tables stack their rows rather than
 * scrolling inside their box. Also what `npm start` prints, read by a newcomer.
 */
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let cspViolations: string[];

async function api<T>(path: string, parse: (data: unknown) => T): Promise<T> {
  const response = await page.request.get(`${server.url}${path}`);
  expect(response.status()).toBe(200);
  return parse(((await response.json()) as { data: unknown }).data);
}

async function waitUntil<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** How far the page, and each table's box, can scroll sideways (0: not at all). */
async function sidewaysScroll(phone: Page): Promise<{ page: number; tables: number[] }> {
  return phone.evaluate(() => ({
    page: (document.scrollingElement ?? document.documentElement).scrollWidth - window.innerWidth,
    tables: [...document.querySelectorAll('.table-wrap')].map((box) => box.scrollWidth - box.clientWidth),
  }));
}

/** Opens `path` at 360 px and at 1280 px, screenshots both, and answers the 360 px page. */
async function shoot(name: string, path: string, ready: (p: Page) => Promise<unknown>): Promise<Page> {
  const wide = await context.newPage();
  await wide.setViewportSize({ width: 1280, height: 860 });
  await wide.goto(`${server.url}${path}`);
  await ready(wide);
  await wide.screenshot({ path: screenshotPath(`${name}-1280`), fullPage: true });
  await wide.close();
  const phone = await context.newPage();
  await phone.setViewportSize({ width: 360, height: 740 });
  await phone.goto(`${server.url}${path}`);
  await ready(phone);
  await phone.screenshot({ path: screenshotPath(`${name}-360`), fullPage: true });
  return phone;
}

beforeAll(async () => {
  // As a newcomer's shell has it: nothing turns the AWS SDK's own warning off beforehand.
  server = await startServer({ WATCH_INTERVAL_MS: '500', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: '' });
  ({ browser, context, page, cspViolations } = await signInAsDemoModerator(server));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the demo at 360 px', () => {
  it('a CometChat room page does not scroll sideways; its long id is cut, whole in the DOM and copyable', async () => {
    const rooms = await api('/api/rooms', (data) => roomListSchema.parse(data));
    const cometchat = rooms.filter((room) => room.provider === 'cometchat').sort((a, b) => b.callId.length - a.callId.length)[0];
    if (!cometchat) throw new Error('no CometChat room in the demo');
    expect(cometchat.callId.length).toBeGreaterThan(30);
    // Ready once the status and the moderator's parts (top bar links, catch-up link) are in: the
    // page's layout no longer moves, so the click below lands on the button it aims at.
    const phone = await shoot('room-cometchat', `/rooms/cometchat/${encodeURIComponent(cometchat.callId)}`, async (p) => {
      await p.locator('.big-flags').waitFor();
      await p.getByRole('link', { name: 'Report', exact: true }).waitFor();
      await p.getByRole('button', { name: 'Copy catch-up link' }).waitFor();
    });
    expect(await sidewaysScroll(phone)).toMatchObject({ page: 0 });
    const heading = phone.getByRole('heading', { level: 1 });
    expect(await heading.textContent()).toBe(cometchat.callId);
    expect(await heading.locator('[title]').getAttribute('title')).toBe(cometchat.callId);
    await phone.getByRole('button', { name: 'Copy call id' }).click();
    // Headless Chromium gives no clipboard here: the id is then shown in a field, whole, to copy by hand.
    // Either outcome, looked for without waiting on either: `inputValue()` would wait up to 30 s
    // for a field that never comes when the clipboard did answer (it does when the page has focus).
    const copied = await waitUntil('the id to be copied or offered', async () => {
      if ((await phone.getByText('Id copied').count()) > 0) return 'clipboard';
      const field = phone.getByLabel('Call id', { exact: true });
      return (await field.count()) > 0 ? field.inputValue() : undefined;
    });
    if (copied !== 'clipboard') expect(copied).toBe(cometchat.callId);
    await phone.screenshot({ path: screenshotPath('room-cometchat-copy-360'), fullPage: true });
    expect(await sidewaysScroll(phone)).toMatchObject({ page: 0 });
    expect(await seriousA11yViolations(phone)).toEqual([]);
    await phone.close();
  });

  it('the calls table stacks each call into a card with labels, inside the page width', async () => {
    await waitUntil('calls with participants', async () => {
      const page1 = await api('/api/calls?limit=50', (data) => callsPageSchema.parse(data));
      return page1.calls.length >= 3;
    });
    const phone = await shoot('calls', '/calls', (p) => p.locator('.calls-table tbody tr').first().waitFor());
    expect(await sidewaysScroll(phone)).toEqual({ page: 0, tables: [0] });
    // Still a table to assistive technology, with its column headers.
    expect(await phone.getByRole('table').count()).toBe(1);
    expect(await phone.getByRole('columnheader', { name: 'Duration' }).count()).toBe(1);
    expect(await seriousA11yViolations(phone)).toEqual([]);
    await phone.close();
  });

  it('the report’s presence table stacks each participant, inside the page width', async () => {
    const withPeople = await waitUntil('a CometChat call with participants', async () => {
      const calls = await api('/api/calls?provider=cometchat&limit=50', (data) => callsPageSchema.parse(data));
      return calls.calls.find((call) => (call.peakParticipants ?? 0) >= 2);
    });
    const phone = await shoot('report-cometchat', `/calls/cometchat/${encodeURIComponent(withPeople.callId)}/report`, (p) =>
      p.locator('#presence-table tbody th[scope="row"]').first().waitFor(),
    );
    const scroll = await sidewaysScroll(phone);
    expect(scroll.page).toBe(0);
    expect(scroll.tables.every((width) => width <= 0)).toBe(true);
    expect(await phone.getByRole('columnheader', { name: 'Present (s)' }).count()).toBe(1);
    expect(await seriousA11yViolations(phone)).toEqual([]);
    await phone.close();
  });

  it('runs under the production Content-Security-Policy', () => {
    expect(cspViolations).toEqual([]);
  });

  it('prints no AWS SDK warning in the demo’s output', () => {
    expect(server.output()).not.toMatch(/NodeVersionSupportWarning|AWS SDK/);
  });
});
