import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roomListSchema, type RoomSummary } from '../../../src/contract/dashboard';
import { envelopeSchema } from '../../../src/contract/envelope';
import { startTestServer, type TestServer } from '../../support/support';

const rooms = async (res: Response): Promise<RoomSummary[]> => envelopeSchema(roomListSchema).parse(await res.json()).data;

describe('the overview lists calls of vendors that cannot list them', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ UPSTREAM_BREAKER_FAILURES: '1000', BANDWIDTH_RATE_PER_SECOND: '1000' });
  });
  afterAll(async () => {
    await server.close();
  });

  it('with the simulator, Bandwidth and Tencent demo calls appear beside ProCONF and CometChat', async () => {
    const list = await rooms(await server.get('/api/rooms', await server.token({ role: 'moderator' })));
    const providers = new Set(list.map((room) => room.provider));
    expect([...providers].sort()).toEqual(['bandwidth', 'cometchat', 'proconf', 'tencent']);
    const demo = server.simulator?.unlistedDemoCalls() ?? [];
    expect(demo.length).toBeGreaterThanOrEqual(2);
    for (const call of demo) {
      const room = list.find((r) => r.provider === call.provider && r.callId === call.callId);
      expect(room?.state).toMatch(/^(created|ringing|active)$/);
    }
  });

  it('a moderator limited to some rooms sees only those watched rooms', async () => {
    const [first] = server.simulator?.unlistedDemoCalls() ?? [];
    if (!first) throw new Error('the simulator has no unlisted demo call');
    const limited = await server.token({ role: 'moderator', rooms: [`${first.provider}:${first.callId}`] });
    expect(await rooms(await server.get('/api/rooms', limited))).toEqual([
      expect.objectContaining({ provider: first.provider, callId: first.callId }),
    ]);
  });
});

describe('WATCH_ROOMS', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ WATCH_ROOMS: 'proconf:standup, proconf:no-such-room', UPSTREAM_BREAKER_FAILURES: '1000' });
  });
  afterAll(async () => {
    await server.close();
  });

  it('replaces the demo default, never duplicates a listed room, and shows a failing one as unknown', async () => {
    const list = await rooms(await server.get('/api/rooms', await server.token({ role: 'moderator' })));
    expect(list.filter((r) => r.callId === 'standup')).toHaveLength(1);
    expect(list).toContainEqual({ provider: 'proconf', callId: 'no-such-room', state: 'unknown', startedAt: null });
    expect(list.some((r) => r.provider === 'bandwidth' || r.provider === 'tencent')).toBe(false);
  });
});
