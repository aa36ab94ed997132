/**
 * The latecomer page on every vendor, against the production build: the digest is there for
 * all four, ProCONF's summary sits below it, an ended ProCONF call shows its post-call summary
 * (read from the simulator's S3 bucket). Screenshots at 360 and 1280 px go to test/e2e/screenshots.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { screenshotPath, signInAsDemoModerator, startServer, type RunningServer } from './harness';

let server: RunningServer;
let browser: Browser;
let page: Page;
let violations: string[];

beforeAll(async () => {
  server = await startServer();
  ({ browser, page, cspViolations: violations } = await signInAsDemoModerator(server, { viewport: { width: 1280, height: 900 } }));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The first room of `provider` the overview links to. */
async function roomOf(provider: string): Promise<string> {
  await page.goto(`${server.url}/`);
  const link = page.locator(`a[href^="/rooms/${provider}/"]`).first();
  await link.waitFor();
  const href = (await link.getAttribute('href')) ?? '';
  return decodeURIComponent(href.split('/').slice(3).join('/'));
}

async function shoot(path: string, name: string): Promise<Page> {
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
    await page.goto(`${server.url}${path}`);
    await page.getByRole('region', { name: 'The call so far' }).getByText(/people in the call now|Number of people|The call ended/).first().waitFor();
    await page.screenshot({ path: screenshotPath(`catch-up-${name}-${width}`), fullPage: true });
    // Nothing wider than the phone: no sideways scrolling.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${name} at ${width}px`).toBeLessThanOrEqual(0);
  }
  return page;
}

describe('the latecomer page shows a digest on every vendor', () => {
  it('ProCONF: the digest above the live summary', async () => {
    await shoot('/catch-up/proconf/standup', 'proconf');
    const digest = page.getByRole('region', { name: 'The call so far' });
    const summary = page.getByRole('region', { name: 'Summary so far' });
    await summary.waitFor();
    const [d, s] = await Promise.all([digest.boundingBox(), summary.boundingBox()]);
    expect((d?.y ?? 0) < (s?.y ?? 0)).toBe(true);
  });

  it('ProCONF, an ended call: the post-call summary from the bucket', async () => {
    await shoot('/catch-up/proconf/retro-week-46', 'proconf-ended');
    await page.getByRole('region', { name: /After the call/ }).getByRole('heading', { name: 'Summary of retro-week-46' }).waitFor();
  });

  it.each(['tencent', 'bandwidth', 'cometchat'])('%s: the digest is the catch-up, no "nothing to read" box', async (provider) => {
    const room = await roomOf(provider);
    await shoot(`/catch-up/${provider}/${encodeURIComponent(room)}`, provider);
    await page.getByRole('region', { name: 'The call so far' }).getByText(/^Recording/).first().waitFor();
    expect(await page.getByText(/nothing to read here/).count()).toBe(0);
  });

  it('runs under the production Content-Security-Policy', () => {
    expect(violations).toEqual([]);
  });
});
