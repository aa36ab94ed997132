import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seriousA11yViolations } from './browser';
import { screenshotPath, signInAsDemoModerator, startServer, type RunningServer } from './harness';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let cspViolations: string[];

beforeAll(async () => {
  server = await startServer({ WATCH_INTERVAL_MS: '500' });
  ({ browser, context, page, cspViolations } = await signInAsDemoModerator(server));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the Assurance page in Chromium against the real server', () => {
  it('is reached from the top bar, creates a policy, lists the calls worst first with their reports, and passes axe at 1280 px', async () => {
    await page.getByRole('link', { name: 'Assurance' }).click();
    await page.waitForURL(`${server.url}/assurance`);
    await page.getByRole('heading', { name: 'Totals' }).waitFor();

    await page.getByRole('button', { name: 'New policy' }).click();
    const form = page.getByRole('form', { name: 'New policy' });
    await form.getByLabel('Name').fill('Every call is recorded');
    await form.getByLabel(/Grace/).fill('30');
    await form.getByRole('button', { name: 'Create policy' }).click();
    await page.getByText('Policy “Every call is recorded” created.').waitFor();
    await page.getByRole('listitem').filter({ hasText: 'Every call is recorded' }).waitFor();

    // The demo's calls started within the last 30 days: each is a row linking to its report.
    const rows = page.getByTestId('assurance-call');
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThan(0);

    await page.getByLabel('Verdict').selectOption('not_required');
    await page.waitForURL(/verdict=not_required/);
    await rows.first().waitFor();
    const link = rows.first().getByRole('link');
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toMatch(/^\/calls\/[a-z]+\/.+\/report$/);

    await page.screenshot({ path: screenshotPath('assurance-1280'), fullPage: true });
    expect(await seriousA11yViolations(page)).toEqual([]);

    await link.click();
    await page.getByRole('heading', { name: 'Recording assurance' }).waitFor();
    await page.screenshot({ path: screenshotPath('assurance-report-1280'), fullPage: true });
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(cspViolations).toEqual([]);
  }, 90_000);

  it('fits a 360 px phone without sideways scrolling and passes axe', async () => {
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 360, height: 740 });
    await phone.goto(`${server.url}/assurance?verdict=not_required`);
    await phone.getByRole('heading', { name: 'Totals' }).waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: screenshotPath('assurance-360'), fullPage: true });
    expect(await seriousA11yViolations(phone)).toEqual([]);
    await phone.close();
  }, 60_000);
});
