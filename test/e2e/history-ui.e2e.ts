import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { callReportSchema, callsPageSchema, historyPageSchema, type CallRecord, type HistoryPage } from '../../src/contract';
import { csvCell } from '../../server/history/reportCsv';
import { seriousA11yViolations } from './browser';
import { screenshotPath, signInAsDemoModerator, setProconfRoom, startServer, type RunningServer } from './harness';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let cspViolations: string[];

/** GET an /api path with the page's session; answers the envelope's data, parsed. */
async function api<T>(path: string, parse: (data: unknown) => T): Promise<T> {
  const response = await page.request.get(`${server.url}${path}`);
  expect(response.status()).toBe(200);
  return parse(((await response.json()) as { data: unknown }).data);
}

async function waitUntil<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The recording state the history ends on: the baseline, then each change. */
function lastRecording(history: HistoryPage): string | undefined {
  let state: string | undefined;
  for (const event of history.events) {
    if (event.kind === 'watch.started') state = event.recording;
    if (event.kind === 'recording') state = event.to;
  }
  return state;
}

/** Page 360 px wide: nothing may stick out sideways (tables scroll inside their panel). */
async function atPhoneWidth(name: string, url: string, ready: (phone: Page) => Promise<unknown>) {
  const phone = await context.newPage();
  await phone.setViewportSize({ width: 360, height: 740 });
  await phone.goto(url);
  await ready(phone);
  expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await phone.screenshot({ path: screenshotPath(`${name}-360`), fullPage: true });
  expect(await seriousA11yViolations(phone)).toEqual([]);
  await phone.close();
}

beforeAll(async () => {
  server = await startServer({ WATCH_INTERVAL_MS: '500' });
  ({ browser, context, page, cspViolations } = await signInAsDemoModerator(server, { acceptDownloads: true }));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('history pages in Chromium against the real server', () => {
  it('opens a room whose timeline reaches back before the page opened', async () => {
    // Changes the watcher records while nobody has the room open.
    const history = () => api('/api/calls/proconf/standup/history?limit=500', (d) => historyPageSchema.parse(d));
    // The demo room may start recorded: switch it off first, so that "on" is a change the watcher records.
    await history();
    await setProconfRoom(server.simulatorOrigin, 'standup', { recording: false });
    await waitUntil('the watcher to see recording off', () => history().then((h) => lastRecording(h) === 'off'));
    await setProconfRoom(server.simulatorOrigin, 'standup', { recording: true });
    await waitUntil('the watcher to record recording on', () =>
      history().then((h) => h.events.some((e) => e.kind === 'recording' && e.to === 'on')),
    );
    const openedAt = Date.now();
    await page.goto(`${server.url}/rooms/proconf/standup`);
    const timeline = page.getByRole('region', { name: /^Changes since (the call started|roomwatch began watching) at/ });
    const started = timeline.getByRole('listitem').filter({ hasText: 'recording started' }).first();
    await started.waitFor();
    const when = Date.parse((await started.locator('time').first().getAttribute('datetime')) ?? '');
    expect(when).toBeLessThan(openedAt);

    // Live changes still arrive: flip transcription and see it listed after the page opened.
    const now = await api('/api/calls/proconf/standup', (d) => d as { transcription: string });
    const flipTo = now.transcription === 'on' ? 'stopped' : 'started';
    await setProconfRoom(server.simulatorOrigin, 'standup', { transcription: flipTo === 'started' });
    const fresh = timeline.getByRole('listitem').filter({ hasText: `transcription ${flipTo}` });
    await waitUntil('the new change in the timeline', async () => {
      for (const item of await fresh.all()) {
        const at = Date.parse((await item.locator('time').first().getAttribute('datetime')) ?? '');
        if (at >= openedAt) return true;
      }
      return false;
    });
    await page.screenshot({ path: screenshotPath('history-room-1280'), fullPage: true });
    expect(await seriousA11yViolations(page)).toEqual([]);
    await atPhoneWidth('history-room', `${server.url}/rooms/proconf/standup`, (phone) =>
      phone.getByRole('region', { name: /^Changes since/ }).getByRole('listitem').first().waitFor(),
    );
  });

  it('shows a Bandwidth room with long member ids inside its panel', async () => {
    // Bandwidth's budget (1 request/s) paces the watcher: its rooms are read every several seconds.
    const call = await waitUntil('a watched Bandwidth call with people', () =>
      api('/api/calls?provider=bandwidth&status=live', (d) => callsPageSchema.parse(d)).then((p) =>
        p.calls.find((c) => (c.peakParticipants ?? 0) > 0),
      ),
      40_000,
    );
    await page.goto(`${server.url}/rooms/bandwidth/${call.callId}`);
    const table = page.locator('table.participants');
    await table.waitFor();
    const panel = page.locator('section.panel', { has: table });
    const [tableBox, panelBox] = [await table.boundingBox(), await panel.boundingBox()];
    expect((tableBox?.x ?? 0) + (tableBox?.width ?? 0)).toBeLessThanOrEqual((panelBox?.x ?? 0) + (panelBox?.width ?? 0));
    expect(await page.getByRole('columnheader', { name: 'On hold' }).isVisible()).toBe(true);
    await page.screenshot({ path: screenshotPath('history-room-bandwidth-1280'), fullPage: true });
  });

  it('lists live and ended calls, filtered through the address', async () => {
    await setProconfRoom(server.simulatorOrigin, 'incident-2291', { ended: true });
    await waitUntil('incident-2291 to be recorded as ended', () =>
      api('/api/calls?status=ended', (d) => callsPageSchema.parse(d)).then((p) => p.calls.some((c) => c.callId === 'incident-2291')),
    );
    await page.getByRole('link', { name: 'Calls', exact: true }).click();
    await page.waitForURL(`${server.url}/calls`);
    await page.getByRole('link', { name: 'standup', exact: true }).waitFor();
    await page.getByRole('link', { name: 'incident-2291', exact: true }).waitFor();
    await page.screenshot({ path: screenshotPath('calls-1280'), fullPage: true });
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByLabel('Status').selectOption('ended');
    await page.waitForURL(/status=ended/);
    await page.getByRole('link', { name: 'incident-2291', exact: true }).waitFor();
    expect(await page.getByRole('link', { name: 'standup', exact: true }).count()).toBe(0);
    await page.getByLabel('Status').selectOption('all');
    await page.getByLabel('Call id').fill('design');
    await page.waitForURL(/q=design/);
    await page.getByRole('link', { name: 'design-review', exact: true }).waitFor();
    await page.getByRole('link', { name: 'incident-2291', exact: true }).waitFor({ state: 'detached' });
    expect(await page.getByRole('link', { name: 'standup', exact: true }).count()).toBe(0);

    await atPhoneWidth('calls', `${server.url}/calls`, (phone) => phone.getByRole('link', { name: 'standup', exact: true }).waitFor());
  });

  it('draws a call report with its table, and exports CSV and JSON', async () => {
    const calls = await api('/api/calls?status=live&limit=200', (d) => callsPageSchema.parse(d));
    // A call with people and, where the demo has one, some recording: the chart then shows bands too.
    const call = calls.calls
      .filter((c) => c.provider !== 'proconf' && (c.peakParticipants ?? 0) >= 2)
      .sort((a, b) => b.recordedSec + b.transcribedSec - (a.recordedSec + a.transcribedSec))[0] as CallRecord;
    expect(call).toBeDefined();
    const reportUrl = `${server.url}/calls/${call.provider}/${encodeURIComponent(call.callId)}/report`;
    await page.goto(reportUrl);
    await page.getByRole('heading', { name: /^Report/ }).waitFor();
    const rows = page.getByTestId('chart-participant');
    await rows.first().waitFor();
    const report = await api(`/api/calls/${call.provider}/${encodeURIComponent(call.callId)}/report`, (d) => callReportSchema.parse(d));
    expect(await rows.count()).toBe(report.participants.length);
    const table = page.getByRole('table', { name: 'Presence per participant, in seconds' });
    expect(await table.getByRole('row').count()).toBe(report.participants.length + 1);
    await page.screenshot({ path: screenshotPath('report-1280'), fullPage: true });
    expect(await seriousA11yViolations(page)).toEqual([]);
    // The table is reachable from the keyboard: Tab from the link that points to it lands on it.
    await page.getByRole('link', { name: 'The table below' }).focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('presence-table');

    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
    const csv = readFileSync(await csvDownload.path(), 'utf8').split('\r\n').filter(Boolean);
    expect(csv[0]).toBe('participantId,name,from,to,presentSec,whileRecordingSec,whileTranscribingSec');
    // Names are vendors' text (Bandwidth's are phone numbers, `+1…`): the CSV quotes them against formula injection.
    const intervals = report.participants.flatMap((p) => p.intervals.map((i) => `${csvCell(p.participantId)},${csvCell(p.name)},${i.from},`));
    for (const start of intervals) expect(csv.some((line) => line.startsWith(start))).toBe(true);
    expect(csvDownload.suggestedFilename()).toMatch(/\.csv$/);

    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
    const saved = callReportSchema.parse(JSON.parse(readFileSync(await jsonDownload.path(), 'utf8')));
    expect(saved.call.callId).toBe(call.callId);
    expect(saved.participants.map((p) => p.participantId).sort()).toEqual(report.participants.map((p) => p.participantId).sort());

    await atPhoneWidth('report', reportUrl, (phone) => phone.getByTestId('chart-participant').first().waitFor());

    const dark = await browser.newContext({ colorScheme: 'dark', viewport: { width: 1280, height: 860 }, storageState: await context.storageState() });
    const darkPage = await dark.newPage();
    await darkPage.goto(reportUrl);
    await darkPage.getByTestId('chart-participant').first().waitFor();
    await darkPage.screenshot({ path: screenshotPath('report-dark'), fullPage: true });
    expect(await seriousA11yViolations(darkPage)).toEqual([]);
    await dark.close();
  });

  it('loads nothing the production Content-Security-Policy would refuse', () => {
    expect(cspViolations).toEqual([]);
  });
});

describe('with HISTORY=off', () => {
  it('keeps the room page working on its own timeline and says the Calls list has nothing', async () => {
    const off = await startServer({ HISTORY: 'off' });
    const offContext = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    try {
      const tab = await offContext.newPage();
      await tab.goto(off.signInUrl);
      await tab.waitForURL(`${off.url}/`);
      await tab.goto(`${off.url}/rooms/proconf/standup`);
      const timeline = tab.getByRole('region', { name: 'Changes since you opened this page' });
      await timeline.getByText('This server keeps no history of the room').waitFor();
      await timeline.getByRole('listitem').filter({ hasText: /^\d\d:\d\d:\d\d opened: / }).waitFor();
      await tab.goto(`${off.url}/calls`);
      await tab.getByText(/This server keeps no call history/).waitFor();
    } finally {
      await offContext.close();
      await off.stop();
    }
  });
});
