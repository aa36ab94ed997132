import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startServer, type RunningServer } from './harness';

/**
 * A pushed change reaches the room page as soon as the BFF's watcher sees it: Tencent calls back
 * on a recording change, the watcher re-reads the room, and the page's held request (If-None-Match
 * + Prefer: wait) is answered with the new snapshot.
 */
const SAMPLES = 5;

let server: RunningServer;
let browser: Browser;
let page: Page;
let callId: string;

async function setTencentCall(change: { recording: boolean }): Promise<void> {
  const res = await fetch(`${server.simulatorOrigin}/__sim/tencent/calls/${encodeURIComponent(callId)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(change),
  });
  if (!res.ok) throw new Error(`simulator refused the change: HTTP ${res.status}`);
}

/** Resolves, with the page's Date.now(), when the recording indicator shows `want`; null after 10 s. */
function whenShown(want: string): Promise<number | null> {
  return page.evaluate(
    (target) =>
      new Promise<number | null>((resolve) => {
        const shown = () => document.querySelector('.big-flags .indicator')?.getAttribute('data-state') === target;
        if (shown()) return resolve(Date.now());
        const observer = new MutationObserver(() => {
          if (shown()) {
            observer.disconnect();
            resolve(Date.now());
          }
        });
        observer.observe(document.body, { subtree: true, attributes: true, childList: true });
        setTimeout(() => {
          observer.disconnect();
          resolve(null);
        }, 10_000);
      }),
    want,
  );
}

beforeAll(async () => {
  server = await startServer();
  const calls = (await (await fetch(`${server.simulatorOrigin}/__sim/tencent/calls`)).json()) as { ids: string[] };
  callId = calls.ids[0] ?? '';
  browser = await launchBrowser();
  page = await (await browser.newContext()).newPage();
  await page.goto(server.signInUrl);
  await page.goto(`${server.url}/rooms/tencent/${callId}`);
  await page.locator('.big-flags .indicator').first().waitFor();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a pushed change on the room page (long poll)', () => {
  it('shows within 1 s of the change at the vendor', { timeout: 120_000 }, async () => {
    const samples: number[] = [];
    for (let i = 0; i < SAMPLES; i += 1) {
      const current = await page.locator('.big-flags .indicator').first().getAttribute('data-state');
      const target = current === 'on' ? 'off' : 'on';
      const seen = whenShown(target);
      const changedAt = Date.now();
      await setTencentCall({ recording: target === 'on' });
      const shownAt = await seen;
      expect(shownAt, `sample ${i}: the change never showed\n${server.output()}`).not.toBeNull();
      samples.push((shownAt ?? 0) - changedAt);
    }
    const sorted = [...samples].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? Infinity;
    console.log(`pushed change to screen (Tencent, long poll): median ${median} ms; samples ${samples.join(', ')} ms`);
    expect(median).toBeLessThan(1000);
  });
});
