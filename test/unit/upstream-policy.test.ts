import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { resolvePolicy } from '../../server/upstream/policy';

const settingsFrom = (env: Record<string, string>) => {
  const loaded = loadConfig(env);
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  return loaded.config.upstream;
};

describe('upstream policy table', () => {
  it('has the documented defaults, with the vendors’ own rate limits', () => {
    const settings = settingsFrom({});
    const proconf = resolvePolicy('proconf', settings);
    expect(proconf).toMatchObject({
      maxInFlight: 32,
      staleIfErrorMs: 60_000,
      breakerFailures: 5,
      ratePerSecond: null,
      ttlMs: { status: 1000, catchUp: 5000 },
    });
    expect(resolvePolicy('bandwidth', settings).ratePerSecond).toBe(1);
    const tencent = resolvePolicy('tencent', settings);
    // 180/s with a burst of 20 never passes Tencent's 200 in any second.
    expect((tencent.ratePerSecond ?? 0) + tencent.rateBurst).toBeLessThanOrEqual(200);
  });

  it('lets global knobs, vendor variables and per-vendor JSON override in that order', () => {
    const settings = settingsFrom({
      UPSTREAM_MAX_IN_FLIGHT: '8',
      BANDWIDTH_RATE_PER_SECOND: '3',
      UPSTREAM_POLICY: JSON.stringify({ proconf: { maxInFlight: 4, ttlMs: { status: 250 } }, tencent: { ratePerSecond: 50 } }),
    });
    expect(resolvePolicy('cometchat', settings).maxInFlight).toBe(8);
    expect(resolvePolicy('proconf', settings).maxInFlight).toBe(4);
    expect(resolvePolicy('proconf', settings).ttlMs).toEqual({ status: 250, catchUp: 5000 });
    expect(resolvePolicy('bandwidth', settings).ratePerSecond).toBe(3);
    expect(resolvePolicy('tencent', settings).ratePerSecond).toBe(50);
  });

  it('refuses a bad override with a message naming the variable', () => {
    const notJson = loadConfig({ UPSTREAM_POLICY: '{proconf' });
    expect(notJson.ok).toBe(false);
    if (!notJson.ok) expect(notJson.problems.join()).toMatch(/UPSTREAM_POLICY/);
    const unknownField = loadConfig({ UPSTREAM_POLICY: '{"proconf":{"maxInflight":3}}' });
    expect(unknownField.ok).toBe(false);
    const unknownVendor = loadConfig({ UPSTREAM_POLICY: '{"zoom":{}}' });
    expect(unknownVendor.ok).toBe(false);
  });
});
