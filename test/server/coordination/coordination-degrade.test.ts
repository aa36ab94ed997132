import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startCoordination, type Coordination } from '../../../server/coordination/coordination';
import { bucketKey } from '../../../server/coordination/keys';
import { freePort, startTestRedis, type TestRedis } from '../../support/redisServer';
import { connect, recordingLogger } from '../../support/coordinationSupport';

const adminConnection = () => connect(redis.url);

const PASSWORD = 'hunter2-redis-password';
let redis: TestRedis;
let a: Coordination;
let b: Coordination;
const logA = recordingLogger();
const logB = recordingLogger();

beforeAll(async () => {
  redis = await startTestRedis({ password: PASSWORD });
  a = await startCoordination({ redisUrl: redis.url, commandTimeoutMs: 200 }, logA, 'A');
  b = await startCoordination({ redisUrl: redis.url, commandTimeoutMs: 200 }, logB, 'B');
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await redis?.dispose();
});

const warnings = (log: ReturnType<typeof recordingLogger>) => log.lines.filter((l) => l.level === 'warn');
const inAnHour = () => Date.now() + 3_600_000;

describe('Redis failing at run time', () => {
  it('starts shared and healthy', () => {
    expect(a.status()).toBe('ok');
    expect(b.status()).toBe('ok');
    expect(warnings(logA)).toEqual([]);
  });

  it('degrades when Redis stops: every operation still answers, from this instance, with one warning', async () => {
    await redis.stop();
    await vi.waitFor(() => expect([a.status(), b.status()]).toEqual(['degraded', 'degraded']), { timeout: 3000 });

    const bucket = a.rateBucket('bandwidth', 'account-1', 1, 1);
    expect(await bucket.reserve(0)).toBe(0);
    expect(await bucket.reserve(0)).toBeNull();
    expect(await a.leases.acquire('bandwidth:c-1', a.instanceId, 3000)).toBe(true);
    expect(await a.leases.renew('bandwidth:c-1', a.instanceId, 3000)).toBe(true);
    await a.signInCodes.put('code-offline', 60_000);
    expect(await a.signInCodes.consume('code-offline')).toBe(true);
    expect(await a.signInCodes.consume('code-offline')).toBe(false);
    await a.revocations.revoke('share:offline', inAnHour());
    expect(a.revocations.isRevoked('share:offline')).toBe(true);
    const heard: string[] = [];
    a.invalidation.subscribe((room) => heard.push(room));
    await a.invalidation.publish('proconf:standup');
    expect(heard).toEqual(['proconf:standup']);

    // Many operations, reconnect attempts, still one warning per instance.
    for (let i = 0; i < 20; i++) await bucket.msUntilFree();
    expect(warnings(logA)).toHaveLength(1);
    expect(warnings(logB)).toHaveLength(1);
  });

  it('recovers by itself when Redis returns, and shares what it did alone meanwhile', async () => {
    await redis.start();
    await vi.waitFor(() => expect([a.status(), b.status()]).toEqual(['ok', 'ok']), { timeout: 5000 });
    // A revoked a link while Redis was away: B now refuses it too.
    await vi.waitFor(() => expect(b.revocations.isRevoked('share:offline')).toBe(true));
    // Redis came back empty (no persistence), yet an instance started now learns the revocation.
    const c = await startCoordination({ redisUrl: redis.url, commandTimeoutMs: 200 }, recordingLogger(), 'C');
    try {
      await vi.waitFor(() => expect(c.revocations.isRevoked('share:offline')).toBe(true));
    } finally {
      await c.close();
    }
    // Leases are shared again: B cannot take a room A holds.
    expect(await a.leases.acquire('tencent:7', 'A', 3000)).toBe(true);
    expect(await b.leases.acquire('tencent:7', 'B', 3000)).toBe(false);
    expect(logA.lines.filter((l) => l.msg.startsWith('redis available'))).toHaveLength(2);
    expect(warnings(logA)).toHaveLength(1);
  });

  it('does not stall on a Redis that hangs: commands give up and the fallback answers', async () => {
    redis.freeze();
    try {
      const bucket = a.rateBucket('bandwidth', 'account-hang', 1, 1);
      // The call waits out the command timeout, then answers from the local bucket; a PING
      // that times out as well (not one late answer) makes the connection degraded.
      expect(await bucket.reserve(0)).toBe(0);
      await vi.waitFor(() => expect(a.status()).toBe('degraded'), { timeout: 2000 });
      expect(await bucket.reserve(0)).toBeNull();
    } finally {
      redis.thaw();
    }
    await vi.waitFor(() => expect(a.status()).toBe('ok'), { timeout: 5000 });
  });

  it('stays shared when Redis refuses one command (a wrong key type): that call answers locally, one warning', async () => {
    const warnedBefore = warnings(logA).length;
    // Something else wrote a string where the bucket's hash belongs.
    const bucket = a.rateBucket('bandwidth', 'account-clobbered', 1, 1);
    const raw = await adminConnection();
    await raw.client.set(bucketKey('bandwidth', 'account-clobbered'), 'not a hash');
    await raw.close();
    expect(await bucket.reserve(0)).toBe(0);
    expect(await bucket.reserve(0)).toBeNull();
    for (let i = 0; i < 5; i++) await bucket.msUntilFree();
    expect(a.status()).toBe('ok');
    expect(warnings(logA)).toHaveLength(warnedBefore + 1);
    expect(warnings(logA).at(-1)?.msg).toContain('refused a coordination command');
  });

  it('never logs the password in REDIS_URL', () => {
    expect(logA.lines.length).toBeGreaterThan(0);
    expect(logA.text() + logB.text()).not.toContain(PASSWORD);
  });
});

describe('without REDIS_URL', () => {
  it('is one process as before: always ok, everything in memory', async () => {
    const log = recordingLogger();
    const single = await startCoordination({ redisUrl: undefined, commandTimeoutMs: 200 }, log);
    expect(single.status()).toBe('ok');
    expect(single.shared).toBe(false);
    expect(single.rateLimitOptions()).toEqual({});
    await single.signInCodes.put('code', 1000);
    expect(await single.signInCodes.consume('code')).toBe(true);
    expect(await single.signInCodes.consume('code')).toBe(false);
    await single.close();
    expect(log.lines).toEqual([]);
  });
});

describe('Redis unreachable at start', () => {
  it('starts anyway, degraded with one warning, answers from memory and shuts down cleanly', async () => {
    const log = recordingLogger();
    const url = `redis://:${PASSWORD}@127.0.0.1:${await freePort()}`;
    const lonely = await startCoordination({ redisUrl: url, commandTimeoutMs: 200 }, log);
    try {
      expect(lonely.status()).toBe('degraded');
      expect(await lonely.leases.acquire('proconf:standup', lonely.instanceId, 3000)).toBe(true);
      expect(await lonely.rateBucket('bandwidth', 'acct', 1, 1).reserve(0)).toBe(0);
      expect(warnings(log)).toHaveLength(1);
      expect(log.text()).not.toContain(PASSWORD);
    } finally {
      await lonely.close();
    }
  });
});
