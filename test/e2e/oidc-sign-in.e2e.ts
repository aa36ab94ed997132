import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshotPath, startConfiguredServer, type ConfiguredServer } from './harness';
import { enforceCsp, seriousA11yViolations } from './browser';
import { freePort } from '../support/redisServer';
import { oidcEnv, startTestIdp, type TestIdp } from '../support/oidcProvider';

/**
 * A team's deployment with sign-in at its identity provider: a real OpenID provider
 * (oidc-provider) on loopback, the production build of roomwatch, and Chromium going through the
 * provider's own login form.
 */
let idp: TestIdp;
let server: ConfiguredServer;
let browser: Browser;
let bff: string;

beforeAll(async () => {
  const port = await freePort();
  bff = `http://127.0.0.1:${port}`;
  idp = await startTestIdp({ redirectUris: [`${bff}/auth/callback`], postLogoutRedirectUris: [`${bff}/signin`] });
  server = await startConfiguredServer({ ...oidcEnv(idp, bff), PORT: String(port) });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await idp?.close();
});

describe('signing in with the identity provider', () => {
  it('signs a moderator in through the IdP login form (on the audit log), signs out of both, and turns away an account in no moderator group', async () => {
    expect(server.output()).not.toMatch(/\/auth\/[A-Za-z0-9_-]{32}/);
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const violations = await enforceCsp(context, bff);
    const page = await context.newPage();

    await page.goto(`${bff}/signin`);
    await page.getByRole('link', { name: 'Sign in with Test IdP' }).click();
    await page.waitForURL(`${idp.issuer}/**`);
    await page.locator('input[name="login"]').fill('alice');
    await page.locator('input[name="password"]').fill('anything');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.waitForURL(`${bff}/`);
    await page.getByRole('link', { name: 'standup', exact: true }).waitFor();
    expect(await page.evaluate(() => document.cookie)).toBe('');

    // The sign-in is on the audit log, under the person's name.
    await page.getByRole('link', { name: 'Audit' }).click();
    await page.waitForURL(`${bff}/audit`);
    const row = page.getByRole('row').filter({ hasText: 'Signed in' }).first();
    await row.waitFor();
    expect(await row.textContent()).toContain('Alice Moderator (alice)');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${idp.issuer}/**`);
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL(`${bff}/signin**`);
    expect(await page.evaluate(async () => (await fetch('/api/me')).status)).toBe(401);

    await page.getByRole('link', { name: 'Sign in with Test IdP' }).click();
    await page.waitForURL(`${idp.issuer}/**`);
    await page.locator('input[name="login"]').fill('bob');
    await page.locator('input[name="password"]').fill('anything');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.waitForURL(`${bff}/auth/callback**`);
    await page.getByRole('heading', { name: 'No access to roomwatch' }).waitFor();
    expect(await page.textContent('main')).toContain('bob@example.test');
    expect(await page.textContent('main')).toContain('your roomwatch administrator');
    await page.screenshot({ path: screenshotPath('oidc-no-access') });
    expect(await page.evaluate(async () => (await fetch('/api/me')).status)).toBe(401);
    expect(violations).toEqual([]);
    await context.close();
  }, 60_000);
});
