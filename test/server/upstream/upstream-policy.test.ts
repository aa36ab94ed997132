import { describe, expect, it } from 'vitest';
import { loadConfig, vendorPolicy, type UpstreamSettings } from '../../../server/config';
import { BUILTIN_VENDORS } from '../../../server/providers/catalog';

const settingsFrom = (env: Record<string, string>) => {
  const loaded = loadConfig(env);
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  return loaded.config.upstream;
};

/** The policy the composition root hands this vendor's provider. */
const resolvePolicy = (id: string, settings: UpstreamSettings) => {
  const vendor = BUILTIN_VENDORS.find((v) => v.id === id);
  if (!vendor) throw new Error(`no vendor ${id}`);
  return vendorPolicy(vendor, settings);
};

describe('upstream policy', () => {
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
    expect(resolvePolicy('bandwidth', settings)).toMatchObject({ ratePerSecond: 1, rateWaitMs: 10_000, timeoutMs: 3000 });
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

  it('puts the vendor documented limits above the global knobs, and the vendor variables above those', () => {
    const settings = settingsFrom({ UPSTREAM_RATE_WAIT_MS: '50', UPSTREAM_TIMEOUT_MS: '700', TENCENT_RATE_PER_SECOND: '20' });
    // A global knob never undoes Bandwidth's documented 10 s token wait ...
    expect(resolvePolicy('bandwidth', settings).rateWaitMs).toBe(10_000);
    expect(resolvePolicy('proconf', settings).rateWaitMs).toBe(50);
    // ... the timeout has one home, and the vendor's own variable beats its documented default.
    expect(resolvePolicy('cometchat', settings).timeoutMs).toBe(700);
    expect(resolvePolicy('tencent', settings)).toMatchObject({ ratePerSecond: 20, rateBurst: 20 });
    const json = settingsFrom({ TENCENT_RATE_PER_SECOND: '20', UPSTREAM_POLICY: '{"tencent":{"ratePerSecond":5,"timeoutMs":900}}' });
    expect(resolvePolicy('tencent', json)).toMatchObject({ ratePerSecond: 5, timeoutMs: 900 });
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
