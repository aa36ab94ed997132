import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../server/simulator';
import { TencentProvider } from '../../../server/providers/tencent/provider';
import { decodeUserSig } from '../../../server/simulator/tencent/userSigCheck';
import { tencentVendor } from '../../../server/providers/tencent';
import { providerInfo } from '../../../server/providers/vendorModule';
import { BASE_POLICY } from '../../../server/upstream/policy';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ tickMs: 0 });
});
afterAll(async () => {
  await sim.close();
});

const lastUserSig = () => new URL(sim.requests.all('tencent').at(-1)?.url ?? '', 'http://x').searchParams.get('usersig') ?? '';

describe('Tencent UserSig against the simulator, which checks lifetimes with the real clock', () => {
  it('reuses one sig, renews it when close to expiry, and the vendor accepts both', async () => {
    const config = sim.vendorConfigs.tencent;
    if (!config) throw new Error('no tencent simulator');
    // The BFF's clock starts 23.5 h in the past: its first 24 h sig has half an hour left.
    let offsetMs = -23.5 * 3600_000;
    const provider = new TencentProvider({
      config,
      info: providerInfo(tencentVendor, 'simulator'),
      policy: { ...BASE_POLICY, timeoutMs: 2000 },
      logger: pino({ level: 'silent' }),
      now: () => Date.now() + offsetMs,
    });
    try {
      const [first, second, third] = sim.tencent.ids();
      await expect(provider.getSnapshot(first ?? '')).resolves.toMatchObject({ provider: 'tencent' });
      const sigA = lastUserSig();
      offsetMs = -23.45 * 3600_000;
      await provider.getSnapshot(second ?? '');
      expect(lastUserSig()).toBe(sigA);
      // Within the last hour of its life the sig is replaced before anything is sent with it.
      offsetMs = 0;
      await expect(provider.getSnapshot(third ?? '')).resolves.toMatchObject({ provider: 'tencent' });
      const sigB = lastUserSig();
      expect(sigB).not.toBe(sigA);
      expect(decodeUserSig(sigB)?.['TLS.time']).toBeGreaterThan(decodeUserSig(sigA)?.['TLS.time'] ?? Infinity);
    } finally {
      await provider.close();
    }
  });

  it('a sig the vendor calls expired (70001) is thrown away and signed afresh once', async () => {
    const config = sim.vendorConfigs.tencent;
    if (!config) throw new Error('no tencent simulator');
    // First sig is issued 25 h ago (already expired at the vendor); the clock is right by the retry.
    let calls = 0;
    const provider = new TencentProvider({
      config,
      info: providerInfo(tencentVendor, 'simulator'),
      policy: { ...BASE_POLICY, timeoutMs: 2000 },
      logger: pino({ level: 'silent' }),
      now: () => (calls++ === 0 ? Date.now() - 25 * 3600_000 : Date.now()),
    });
    try {
      const before = sim.requests.count('tencent');
      await expect(provider.getSnapshot(sim.tencent.ids()[0] ?? '')).resolves.toMatchObject({ provider: 'tencent' });
      expect(sim.requests.count('tencent') - before).toBe(2);
    } finally {
      await provider.close();
    }
  });
});
