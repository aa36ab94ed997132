import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CoordinationConnection } from '../../../server/coordination/connection';
import { RedisShareRevocations } from '../../../server/coordination/revocations';
import { startTestRedis, type TestRedis } from '../../support/redisServer';
import { connect, instance, up } from '../../support/coordinationSupport';

let redis: TestRedis;
const connections: CoordinationConnection[] = [];
let onA: RedisShareRevocations;
let onB: RedisShareRevocations;

/** An instance whose revocation set is subscribed before it connects, as at start-up. */
async function startInstance(): Promise<RedisShareRevocations> {
  const connection = instance(redis.url);
  connections.push(connection);
  const revocations = new RedisShareRevocations(connection);
  await up(connection);
  return revocations;
}

beforeAll(async () => {
  redis = await startTestRedis();
  onA = await startInstance();
  onB = await startInstance();
});
afterAll(async () => {
  await Promise.all(connections.map((c) => c.close()));
  await redis?.dispose();
});

const inAnHour = () => Date.now() + 3_600_000;

describe('share-link revocations across instances', () => {
  it('refuses a link revoked on A on A at once and on B as soon as the message lands', async () => {
    expect(onB.isRevoked('share:abc')).toBe(false);
    await onA.revoke('share:abc', inAnHour());
    expect(onA.isRevoked('share:abc')).toBe(true);
    // Pub/sub delivery on loopback: milliseconds. waitFor's default budget is one second.
    await vi.waitFor(() => expect(onB.isRevoked('share:abc')).toBe(true));
    expect(onB.isRevoked('share:other')).toBe(false);
  });

  it('an instance started later knows every revocation still in force', async () => {
    await onA.revoke('share:before-c', inAnHour());
    const onC = await startInstance();
    await vi.waitFor(() => expect(onC.isRevoked('share:before-c')).toBe(true));
    expect(onC.isRevoked('share:abc')).toBe(true);
  });

  it('forgets a revocation once the link would have expired anyway', async () => {
    await onA.revoke('share:short', Date.now() + 800);
    await vi.waitFor(() => expect(onB.isRevoked('share:short')).toBe(true));
    await vi.waitFor(() => expect(onB.isRevoked('share:short')).toBe(false), { timeout: 3000 });
    expect(onA.isRevoked('share:short')).toBe(false);
  });

  it("catches up on what it missed while B's subscription was cut", async () => {
    const admin = await connect(redis.url);
    connections.push(admin);
    // Cut every subscriber (B's among them) and revoke before they are back: the message is lost.
    await admin.client.call('CLIENT', 'KILL', 'TYPE', 'pubsub');
    await onA.revoke('share:while-away', inAnHour());
    // B reloads the set when it resubscribes.
    await vi.waitFor(() => expect(onB.isRevoked('share:while-away')).toBe(true), { timeout: 3000 });
  });
});
