import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core'), 'utf8');

/** The policy the hardened server sends; applied here too so a violation shows up before merge. */
export const CSP = "default-src 'self'; script-src 'self'; script-src-attr 'none'; style-src 'self'; img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'";

/**
 * Adds the CSP header to every HTML answer from `origin`, and collects what the browser
 * refused under it (inline scripts or styles, eval, foreign loads).
 */
export async function enforceCsp(context: BrowserContext, origin: string): Promise<string[]> {
  const violations: string[] = [];
  await context.route(`${origin}/**`, async (route) => {
    if (route.request().resourceType() !== 'document') return route.continue();
    // Redirects (the sign-in link's 303) go back to the browser as they are, cookie and all.
    const response = await route.fetch({ maxRedirects: 0 });
    const headers = { ...response.headers() };
    if ((headers['content-type'] ?? '').includes('text/html')) headers['content-security-policy'] = CSP;
    await route.fulfill({ response, headers });
  });
  await context.exposeBinding('__reportCsp', (_source, text: string) => void violations.push(text));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { __reportCsp(text: string): void }).__reportCsp(`${event.violatedDirective} ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}:${event.columnNumber} ${event.sample}`);
    });
  });
  return violations;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core in the page; answers the serious and critical violations only. */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through DevTools rather than added as a <script>: the page runs under the
  // production CSP, which (rightly) refuses an injected inline script.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run();
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** The recording indicator's state as the page shows it: on, off or unknown. */
export async function recordingShown(page: Page): Promise<string | null> {
  return page.locator('.big-flags .indicator').first().getAttribute('data-state');
}
