import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { alertWebhookBodySchema, type AlertWebhookBody } from '../../src/contract/alerts';
import { screenshotPath, signInAsDemoModerator, setProconfRoom, startServer, type RunningServer } from './harness';
import { seriousA11yViolations } from './browser';

const SECRET = 'e2e-alert-webhook-secret-0123456789';

interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
  body: AlertWebhookBody;
}

/** What a receiver does with X-Roomwatch-Signature (the README's ten lines). */
function signatureValid(raw: string, header: string): boolean {
  const t = /t=(\d+)/.exec(header)?.[1];
  const v1 = /v1=([0-9a-f]{64})/.exec(header)?.[1];
  if (!t || !v1 || Math.abs(Date.now() / 1000 - Number(t)) > 300) return false;
  const expected = createHmac('sha256', SECRET).update(`${t}.${raw}`).digest();
  return timingSafeEqual(expected, Buffer.from(v1, 'hex'));
}

let hook: Server;
let hookUrl: string;
const received: Received[] = [];
let server: RunningServer;
let browser: Browser;
let page: Page;
let cspViolations: string[];

beforeAll(async () => {
  hook = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, raw, body: alertWebhookBodySchema.parse(JSON.parse(raw)) });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hooks/roomwatch`;
  server = await startServer({ ALERT_WEBHOOK_SECRET: SECRET, ALERT_WEBHOOK_ALLOW: '127.0.0.1' });
  ({ browser, page, cspViolations } = await signInAsDemoModerator(server));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise<void>((resolve) => hook?.close(() => resolve()));
});

async function waitFor<T>(check: () => T | undefined, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('not received in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Waits until the watcher has recorded standup's recording as `state` in the room's history
 * (what alerts evaluate). The snapshot is not enough: a room's first read can answer from the
 * vendor before the watcher's first poll of it, and a change made in between is never an event.
 */
async function watcherSees(on: Page, state: 'on' | 'off'): Promise<void> {
  await on.waitForFunction(
    async (want) => {
      // Reading the room keeps it looked at, so the watcher polls it at the fast pace.
      await fetch('/api/calls/proconf/standup', { credentials: 'same-origin' });
      const res = await fetch('/api/calls/proconf/standup/history', { credentials: 'same-origin' });
      if (!res.ok) return false;
      const { events } = ((await res.json()) as { data: { events: { kind: string; recording?: string; to?: string }[] } }).data;
      let recording: string | undefined;
      for (const event of events) {
        if (event.kind === 'watch.started') recording = event.recording;
        if (event.kind === 'recording') recording = event.to;
      }
      return recording === want;
    },
    state,
    { timeout: 30_000, polling: 500 },
  );
}

describe('alerts in Chromium against the production build', () => {
  it('a rule made in the UI sends a signed webhook when a demo room stops recording', async () => {
    await setProconfRoom(server.simulatorOrigin, 'standup', { recording: true });
    await page.getByRole('link', { name: 'Alerts', exact: true }).click();
    await page.waitForURL(`${server.url}/alerts`);
    await page.getByRole('heading', { name: 'Alerts', level: 1 }).waitFor();

    await page.getByRole('button', { name: 'New rule' }).click();
    await page.getByLabel('Name').fill('Standup recording');
    await page.getByLabel('When').selectOption('recording.stopped');
    await page.getByLabel('Vendor').selectOption('proconf');
    await page.getByLabel(/Call id pattern/).fill('stand*');
    await page.getByLabel(/Webhook URL/).fill(hookUrl);
    await page.getByRole('button', { name: 'Create rule' }).click();
    await page.getByText('Rule “Standup recording” created.').waitFor();

    // "Send a test" reaches the receiver at once, signed like the real thing.
    await page.getByRole('button', { name: 'Send a test' }).click();
    await page.getByText(/Test: webhook http:\/\/127\.0\.0\.1:\d+ \(opened\): delivered \(HTTP 200\)/).waitFor();
    const test = await waitFor(() => received[0], 5000);
    expect(test.body.text).toMatch(/^Test from roomwatch/);
    expect(signatureValid(test.raw, String(test.headers['x-roomwatch-signature']))).toBe(true);

    // Stop recording only once the watcher has recorded it on.
    await watcherSees(page, 'on');
    await setProconfRoom(server.simulatorOrigin, 'standup', { recording: false });
    const opened = await waitFor(() => received.find((r) => r.body.type === 'alert.opened' && !r.body.text.startsWith('Test')), 30_000);
    expect(opened.body.alert).toMatchObject({ provider: 'proconf', callId: 'standup', kind: 'recording.stopped', resolvedAt: null });
    expect(opened.body.text).toBe('⚠ Recording stopped in proconf call standup (rule "Standup recording").');
    expect(opened.headers['content-type']).toBe('application/json');
    expect(opened.headers['x-roomwatch-delivery']).toMatch(/^[0-9a-f-]{36}$/);
    expect(signatureValid(opened.raw, String(opened.headers['x-roomwatch-signature']))).toBe(true);
    // A tampered body fails the same check.
    expect(signatureValid(opened.raw.replace('standup', 'standdown'), String(opened.headers['x-roomwatch-signature']))).toBe(false);

    // The page shows the open alert with its delivery, the tab title its ⚠.
    const openAlert = page.locator('.alert-item[data-state="open"]');
    await openAlert.getByText('proconf · standup').waitFor({ timeout: 10_000 });
    await openAlert.getByRole('cell', { name: 'HTTP 200' }).waitFor({ timeout: 10_000 });
    await page.waitForFunction(() => document.title.startsWith('⚠ '), undefined, { timeout: 10_000 });
    await page.screenshot({ path: screenshotPath('alerts-1280'), fullPage: true });
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.setViewportSize({ width: 360, height: 800 });
    await page.screenshot({ path: screenshotPath('alerts-360'), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  it('shows the open alert on the overview and the room page, then resolves it once recording is back', async () => {
    await page.getByRole('link', { name: 'roomwatch' }).click();
    const banner = page.locator('.open-alerts .banner-alert');
    await banner.getByText(/Recording stopped · proconf standup/).waitFor();
    await page.setViewportSize({ width: 360, height: 800 });
    await page.screenshot({ path: screenshotPath('alerts-overview-360') });
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.goto(`${server.url}/rooms/proconf/standup`);
    await banner.getByText(/Recording stopped · proconf standup/).waitFor();

    await setProconfRoom(server.simulatorOrigin, 'standup', { recording: true });
    const first = received.find((r) => r.body.type === 'alert.opened' && !r.body.text.startsWith('Test'));
    const resolved = await waitFor(() => received.find((r) => r.body.type === 'alert.resolved' && r.body.alert.id === first?.body.alert.id), 20_000);
    expect(resolved.body.alert.resolvedAt).not.toBeNull();
    expect(signatureValid(resolved.raw, String(resolved.headers['x-roomwatch-signature']))).toBe(true);
    // Loaded by its address (a reload or a link from a notification), not only through the app.
    await page.goto(`${server.url}/alerts`);
    await page.locator('.alert-item[data-state="resolved"]').getByText('proconf · standup').first().waitFor({ timeout: 10_000 });
    // The demo's scenario also flips recording now and then, which may open further episodes;
    // each is sent once while open, and resolved once.
    const real = received.filter((r) => !r.body.text.startsWith('Test'));
    const keys = real.map((r) => `${r.body.alert.id}:${r.body.type}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(cspViolations).toEqual([]);
  });
});
