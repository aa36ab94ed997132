import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startServer, type RunningServer } from './harness';

/**
 * The production build under the real Content-Security-Policy, in Chromium: every page a
 * moderator or a latecomer opens must run without a single CSP violation. Violations are
 * caught twice: the `securitypolicyviolation` DOM event (via an init script, which the
 * DevTools protocol injects outside the page's CSP) and Chromium's console report.
 */
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

interface Watched {
  page: Page;
  violations(): Promise<string[]>;
}

async function watch(context: BrowserContext): Promise<Watched> {
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber}`);
    });
  });
  const page = await context.newPage();
  const console: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to (load|execute|apply|connect|frame)/i.test(message.text())) console.push(message.text());
  });
  return {
    page,
    async violations() {
      const fromEvents = await page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []);
      return [...fromEvents, ...console];
    },
  };
}

/** Opens a page, lets it render and poll for a moment, and returns what it violated. */
async function visit(watched: Watched, url: string): Promise<string[]> {
  const response = await watched.page.goto(url, { waitUntil: 'load' });
  expect(response?.status()).toBe(200);
  expect(await response?.headerValue('content-security-policy')).toMatch(/default-src 'self'/);
  await watched.page.waitForTimeout(1200);
  return watched.violations();
}

describe('the production UI under its Content-Security-Policy', () => {
  it('reports no violation on the overview, a room, and a catch-up page, signed in or from a share link', async () => {
    const moderator = await watch(await browser.newContext());
    expect(await visit(moderator, server.signInUrl)).toEqual([]);
    expect(new URL(moderator.page.url()).pathname).toBe('/');
    expect(await visit(moderator, `${server.url}/rooms/proconf/standup`)).toEqual([]);
    expect(await visit(moderator, `${server.url}/catch-up/proconf/standup`)).toEqual([]);

    // The page itself asks for a share link, as "copy catch-up link" does: same-origin JSON POST.
    const link = await moderator.page.evaluate(async () => {
      const res = await fetch('/api/share-links', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ provider: 'proconf', callId: 'standup' }),
      });
      return { status: res.status, body: (await res.json()) as { data: { url: string } | null } };
    });
    expect(link.status).toBe(200);
    const shareUrl = link.body.data?.url ?? '';
    expect(shareUrl).toMatch(/\/catch-up\/proconf\/standup#share=/);

    const latecomer = await watch(await browser.newContext());
    expect(await visit(latecomer, shareUrl)).toEqual([]);
  });

  it('does block inline script, and the check above would have seen it', async () => {
    const watched = await watch(await browser.newContext());
    expect(await visit(watched, `${server.url}/signin`)).toEqual([]);
    const ran = await watched.page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.head.append(script);
      await new Promise((r) => setTimeout(r, 100));
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(ran).toBe(false);
    const violations = await watched.violations();
    expect(violations.some((v) => v.startsWith('script-src'))).toBe(true);
  });
});
