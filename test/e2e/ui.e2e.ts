import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshotPath, setProconfRoom, startServer, type RunningServer } from './harness';
import { enforceCsp, recordingShown, seriousA11yViolations } from './browser';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let cspViolations: string[];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  cspViolations = await enforceCsp(context, server.url);
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the dashboard in Chromium against the real server', () => {
  it('sends a visitor without a session to the sign-in page', async () => {
    const anonymous = await browser.newContext();
    const other = await anonymous.newPage();
    await other.goto(server.url);
    await other.getByRole('heading', { name: 'Sign in to roomwatch' }).waitFor();
    expect(await other.getByText('npm start').first().isVisible()).toBe(true);
    await anonymous.close();
  });

  it('signs in through the printed link and shows a card per live demo room', async () => {
    await page.goto(server.signInUrl);
    await page.waitForURL(`${server.url}/`);
    for (const room of ['standup', 'design-review', 'all-hands', 'incident-2291']) {
      await page.getByRole('link', { name: room, exact: true }).waitFor();
    }
    // Every card got its status: indicators with words, and a freshness line.
    await page.waitForFunction(
      () => document.querySelectorAll('.card .indicator').length >= 8 && document.querySelectorAll('.card[aria-busy="true"]').length === 0,
    );
    const standup = page.locator('.card', { has: page.getByRole('link', { name: 'standup', exact: true }) });
    expect(await standup.getByText(/updated/).count()).toBe(1);
    await page.screenshot({ path: screenshotPath('overview'), fullPage: true });
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('pins a room by name and keeps it across reloads', async () => {
    await page.getByLabel('Pin a room').fill('retro-week-46');
    await page.getByRole('button', { name: 'Pin', exact: true }).click();
    await page.getByRole('link', { name: 'retro-week-46', exact: true }).waitFor();
    await page.reload();
    const card = page.locator('.card', { has: page.getByRole('link', { name: 'retro-week-46', exact: true }) });
    await card.getByText('Ended').waitFor();
    await card.getByRole('button', { name: /Remove retro-week-46/ }).click();
    await card.waitFor({ state: 'detached' });
  });

  it('opens a room and follows recording as the simulator switches it', async () => {
    await page.getByRole('link', { name: 'standup', exact: true }).click();
    await page.waitForURL(`${server.url}/rooms/proconf/standup`);
    await page.locator('.big-flags .indicator').first().waitFor();

    const before = await recordingShown(page);
    const target = before === 'on' ? 'off' : 'on';
    await setProconfRoom(server.simulatorOrigin, 'standup', { recording: target === 'on' });
    await page.waitForFunction((want) => document.querySelector('.big-flags .indicator')?.getAttribute('data-state') === want, target, { timeout: 10_000 });
    expect(await page.getByRole('img', { name: `Recording: ${target}` }).isVisible()).toBe(true);
    expect(await page.title()).toBe(target === 'on' ? '● REC · standup' : 'standup · roomwatch');
    await page.getByText(`recording ${target === 'on' ? 'started' : 'stopped'}`).first().waitFor();
    expect(await page.getByRole('status').filter({ hasText: /standup: recording/ }).count()).toBe(1);

    // Leave it recording for the picture, so the screenshot shows the "on" look.
    await setProconfRoom(server.simulatorOrigin, 'standup', { recording: true, transcription: true });
    await page.waitForFunction(() => document.title.startsWith('● REC'), undefined, { timeout: 10_000 });
    await page.locator('.summary-block, .message').first().waitFor();
    await page.screenshot({ path: screenshotPath('room'), fullPage: true });
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('shows the catch-up page readable at 360×740 and marks what arrives after opening', async () => {
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 360, height: 740 });
    for (let i = 1; i <= 8; i += 1) {
      await setProconfRoom(server.simulatorOrigin, 'design-review', { append: `Point ${i}: a paragraph long enough to wrap over a few lines on a phone screen.` });
    }
    await setProconfRoom(server.simulatorOrigin, 'design-review', { transcription: true, append: 'Opening words: **welcome** to the review.' });
    // The watcher reads every room's summary too, so the BFF may hold the text from before these
    // appends for up to its TTL: open the page once the BFF serves the new text.
    for (const deadline = Date.now() + 15_000; ; ) {
      const answer = await phone.request.get(`${server.url}/api/calls/proconf/design-review/catch-up`);
      if ((await answer.text()).includes('Opening words')) break;
      if (Date.now() > deadline) throw new Error('the BFF never served the appended summary');
      await new Promise((r) => setTimeout(r, 250));
    }
    await phone.goto(`${server.url}/catch-up/proconf/design-review`);
    await phone.getByText('Opening words:').waitFor();
    expect(await phone.locator('.summary-new').count()).toBe(0);

    // The reader is halfway down when the summary grows: the text under their eyes stays put.
    const scrolled = await phone.evaluate(() => {
      window.scrollTo(0, 300);
      return window.scrollY;
    });
    expect(scrolled).toBe(300);
    const anchor = phone.getByText('Point 5:');
    const anchorTop = (await anchor.boundingBox())?.y;
    await setProconfRoom(server.simulatorOrigin, 'design-review', { append: 'Late news: the **budget** was approved.' });
    const fresh = phone.locator('.summary-new', { hasText: 'Late news:' });
    await fresh.waitFor({ timeout: 30_000 });
    // (scrollY itself may move: when the recording notice above changes height, the browser's
    // scroll anchoring shifts the page so that what the reader looks at does not move.)
    const anchorNow = (await anchor.boundingBox())?.y ?? Infinity;
    expect(Math.abs(anchorNow - (anchorTop ?? 0))).toBeLessThan(1);
    await phone.evaluate(() => window.scrollTo(0, 0));
    expect(await fresh.getByText('New since you opened').isVisible()).toBe(true);
    await phone.getByText(/This call is being (recorded and )?transcribed/).waitFor();

    // Nothing wider than the phone: no sideways scrolling.
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: screenshotPath('catch-up'), fullPage: true });
    expect(await seriousA11yViolations(phone)).toEqual([]);
    await phone.close();
  });

  it('stays readable in dark mode (axe checks contrast too)', async () => {
    const dark = await browser.newContext({ colorScheme: 'dark', viewport: { width: 1280, height: 860 }, storageState: await context.storageState() });
    const darkPage = await dark.newPage();
    await darkPage.goto(`${server.url}/rooms/proconf/standup`);
    await darkPage.locator('.big-flags .indicator').first().waitFor();
    await darkPage.locator('.summary-block, .message').first().waitFor();
    await darkPage.screenshot({ path: screenshotPath('room-dark'), fullPage: true });
    expect(await seriousA11yViolations(darkPage)).toEqual([]);
    await darkPage.goto(server.url);
    await darkPage.waitForFunction(() => document.querySelectorAll('.card .indicator').length >= 8);
    expect(await seriousA11yViolations(darkPage)).toEqual([]);
    await dark.close();
  });

  it('signs out: the session is gone and the overview asks to sign in again', async () => {
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to roomwatch' }).waitFor();
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Sign in to roomwatch' }).waitFor();
    expect((await context.cookies()).some((c) => c.name === 'roomwatch_session')).toBe(false);
  });

  it('loads nothing the production Content-Security-Policy would refuse', () => {
    expect(cspViolations).toEqual([]);
  });
});
