import { expect } from 'vitest';
import { z } from 'zod';
import { errorEnvelopeSchema } from '../../../src/contract/envelope';
import type { Simulator } from '../../../server/simulator';

interface Answer {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

const successEnvelopeSchema = z.object({ error: z.null(), data: z.unknown() }).strict();

/**
 * Every answer is JSON in the envelope, its status equal to `error.code`, and never carries a
 * stack trace or the vendor's own words. Returns the status for the caller's own checks.
 */
export function expectWellFormed(res: Answer): number {
  expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
  const json: unknown = JSON.parse(res.body);
  if (res.statusCode < 400) {
    expect(successEnvelopeSchema.safeParse(json).success, res.body).toBe(true);
  } else {
    const parsed = errorEnvelopeSchema.strict().parse(json);
    expect(parsed.error.code).toBe(res.statusCode);
    expect(res.body).not.toMatch(/\bat [^ ]+ \(|node:internal|\.ts:\d+|stack|Error:|pool exhausted|Room not found|upstream proxy/);
  }
  return res.statusCode;
}

/**
 * Nothing a client sent reached a vendor outside that vendor's path prefix: the simulator saw no
 * request outside every vendor prefix, ProCONF requests stay under /proconf/api/, and no request
 * target anywhere carries a dot-segment or an encoded dot or slash.
 */
export function expectCleanVendorRequests(simulator: Simulator): void {
  expect(simulator.requests.all('other')).toEqual([]);
  for (const { url } of simulator.requests.all()) {
    const path = url.split('?')[0] ?? '';
    expect(path.split('/').filter((segment) => segment === '.' || segment === '..'), url).toEqual([]);
    expect(url, url).not.toMatch(/%2e|%2f|%5c|\\/i);
  }
  for (const { url } of simulator.requests.all('proconf')) expect(url.startsWith('/proconf/api/'), url).toBe(true);
}
