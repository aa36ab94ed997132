import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyPageSchema, type RoomEvent } from '../../../src/contract/history';
import { sendWebhook, webhookSigner } from '../../../server/push/sender';
import { tencentPush } from '../../../server/providers/tencent/push';
import { historyEnv, startTestServer, type TestServer } from '../../support/support';
import { read, simulatorOf } from '../../support/vendorSupport';

const TENCENT = webhookSigner(tencentPush, { key: 'trtcKey0123456789', sdkAppId: '1400000001' });
const store = historyEnv({ TENCENT_CALLBACK_KEY: 'trtcKey0123456789', TENCENT_SDKAPPID: '1400000001' });

let server: TestServer;
let moderator: string;
let callId: string;
let roomId: string;

beforeAll(async () => {
  server = await startTestServer(store.env);
  moderator = await server.token({ role: 'moderator' });
  const call = [...simulatorOf(server).tencent.calls.values()][2];
  if (!call) throw new Error('demo call missing');
  ({ callId, roomId } = call);
});
afterAll(async () => {
  await server?.close();
  store.cleanup();
});

async function history(): Promise<RoomEvent[]> {
  const res = await read(await server.get(`/api/calls/tencent/${callId}/history`, moderator));
  expect(res.status).toBe(200);
  return historyPageSchema.parse((res.json as { data: unknown }).data).events;
}

async function untilHistory(done: (events: RoomEvent[]) => boolean): Promise<RoomEvent[]> {
  const deadline = Date.now() + 8000;
  let events = await history();
  while (!done(events) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    events = await history();
  }
  return events;
}

const recorder = (type: 301 | 302, ms: number) => ({
  EventGroupId: 3,
  EventType: type,
  CallbackTs: Date.now(),
  EventInfo: { RoomId: Number(roomId), EventTs: Math.floor(ms / 1000), EventMsTs: ms, TaskId: `t-${ms}`, Payload: { Status: 0 } },
});

describe('pushed events in the room history', () => {
  it('records an accepted recording callback at once, once, and nothing for a forged one', async () => {
    // The watcher's baseline and the demo's replayed callbacks (room created, no recorder): off.
    const recordingEvents = (events: RoomEvent[]) => events.filter((e) => e.kind === 'recording');
    const knownOff = (e: RoomEvent) => (e.kind === 'watch.started' && e.recording === 'off') || (e.kind === 'recording' && e.to === 'off');
    const settled = await untilHistory((events) => events.some(knownOff));
    expect(settled.some(knownOff)).toBe(true);
    const before = recordingEvents(settled).length;

    const body = recorder(301, Date.now());
    expect((await sendWebhook(`${server.url}/hooks/tencent`, TENCENT, body)).status).toBe(200);
    // No waiting: the 200 comes after the room was re-read and its history written.
    const after = await history();
    const added = recordingEvents(after).slice(before);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ kind: 'recording', to: 'on' });
    const seqs = after.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);

    // The vendor's retry of the same event, and a forged stop: neither adds anything.
    expect((await sendWebhook(`${server.url}/hooks/tencent`, TENCENT, body)).status).toBe(200);
    const forged = webhookSigner(tencentPush, { key: 'wrongKey', sdkAppId: '1400000001' });
    expect((await sendWebhook(`${server.url}/hooks/tencent`, forged, recorder(302, Date.now() + 1000))).status).toBe(401);
    expect(recordingEvents(await history())).toHaveLength(before + 1);
  });
});
