import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../server/simulator';
import { sendWebhook, webhookSigner, type WebhookSigner } from '../../../server/push/sender';
import { bandwidthPush } from '../../../server/providers/bandwidth/push';
import { cometChatPush } from '../../../server/providers/cometchat/push';
import { tencentPush } from '../../../server/providers/tencent/push';
import { providerListSchema } from '../../../src/contract/dashboard';
import type { CallSnapshot } from '../../../src/contract/snapshot';
import { startTestServer, type TestServer } from '../../support/support';
import { read, simulatorOf, snapshotIn } from '../../support/vendorSupport';

const BANDWIDTH_BASIC = { username: 'catapult', password: 'pw-bandwidth-0123456789' };
const COMETCHAT_BASIC = { username: 'cometchat', password: 'pw-cometchat-0123456789' };
const TRTC_SECRET = { key: 'trtcKey0123456789', sdkAppId: '1400000001' };
const BANDWIDTH = webhookSigner(bandwidthPush, BANDWIDTH_BASIC);
const COMETCHAT = webhookSigner(cometChatPush, COMETCHAT_BASIC);
const TENCENT = webhookSigner(tencentPush, TRTC_SECRET);

let server: TestServer;
let sim: Simulator;
let moderator: string;

beforeAll(async () => {
  server = await startTestServer({
    // Many reads here; Bandwidth's 1 request/s (tested elsewhere) would only slow them.
    UPSTREAM_POLICY: '{"bandwidth":{"ratePerSecond":null}}',
    // Cached reads live a minute here, so only a webhook can make a change show before then.
    UPSTREAM_STATUS_TTL_MS: '60000',
    BANDWIDTH_WEBHOOK_USER: BANDWIDTH_BASIC.username,
    BANDWIDTH_WEBHOOK_PASSWORD: BANDWIDTH_BASIC.password,
    COMETCHAT_WEBHOOK_USER: COMETCHAT_BASIC.username,
    COMETCHAT_WEBHOOK_PASSWORD: COMETCHAT_BASIC.password,
    TENCENT_CALLBACK_KEY: TRTC_SECRET.key,
    TENCENT_SDKAPPID: TRTC_SECRET.sdkAppId,
  });
  sim = simulatorOf(server);
  moderator = await server.token({ role: 'moderator' });
});
afterAll(async () => {
  await server?.close();
});

const hook = (provider: string) => `${server.url}/hooks/${provider}`;

async function snapshot(provider: string, callId: string): Promise<CallSnapshot> {
  const res = await read(await server.get(`/api/calls/${provider}/${callId}`, moderator));
  expect(res.status).toBe(200);
  return snapshotIn(res.json);
}

/** Reads until `done` holds or 5 s pass; the last snapshot either way. */
async function until(provider: string, callId: string, done: (s: CallSnapshot) => boolean): Promise<CallSnapshot> {
  const deadline = Date.now() + 5000;
  let last = await snapshot(provider, callId);
  while (!done(last) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await snapshot(provider, callId);
  }
  return last;
}

function tencentCall(index: number): { callId: string; roomId: string } {
  const call = [...sim.tencent.calls.values()][index];
  if (!call) throw new Error('demo call missing');
  return { callId: call.callId, roomId: call.roomId };
}

let clock = Date.now();
/** Strictly increasing vendor times, so each test's events are newer than the last's. */
const later = () => (clock += 1000);

function trtc(roomId: string, group: number, type: number, ms: number) {
  return {
    EventGroupId: group,
    EventType: type,
    CallbackTs: Date.now(),
    EventInfo: { RoomId: Number(roomId), EventTs: Math.floor(ms / 1000), EventMsTs: ms, TaskId: `t-${ms}`, Payload: { Status: 0 } },
  };
}

describe('vendor webhooks into the snapshot, over real HTTP', () => {
  it('reports which fields come from push in /api/providers', async () => {
    const res = await read(await server.get('/api/providers', moderator));
    const providers = providerListSchema.parse((res.json as { data: unknown }).data);
    const byId = Object.fromEntries(providers.map((p) => [p.id, p.capabilities]));
    expect(byId.tencent).toMatchObject({ recording: true, transcription: true, push: { recording: true, transcription: true } });
    expect(byId.bandwidth).toMatchObject({ recording: true, transcription: true, push: { recording: false, state: true } });
    expect(byId.proconf?.push).toBeUndefined();
  });

  it('runs the demo with push: the simulated TRTC callbacks mark the recorded call on and the others off', async () => {
    const group = tencentCall(0);
    const quiet = tencentCall(2);
    expect((await until('tencent', group.callId, (s) => s.recording === 'on')).recording).toBe('on');
    expect((await until('tencent', group.callId, (s) => s.transcription === 'on')).transcription).toBe('on');
    // Created with callbacks on and no recorder start since: not recorded.
    expect((await until('tencent', quiet.callId, (s) => s.recording === 'off')).recording).toBe('off');
  });

  it('leaves Tencent recording unknown, and has no receiver, when callbacks are not configured', async () => {
    const real = sim.vendorConfigs.tencent;
    if (!real) throw new Error('tencent not simulated');
    const plain = await startTestServer({
      SIMULATOR: 'off',
      TENCENT_API_URL: real.url,
      TENCENT_SDKAPPID: String(real.sdkAppId),
      TENCENT_SECRET_KEY: real.secretKey,
    });
    try {
      const token = await plain.token({ role: 'moderator' });
      const res = await read(await plain.get(`/api/calls/tencent/${tencentCall(0).callId}`, token));
      expect(snapshotIn(res.json)).toMatchObject({ recording: 'unknown', transcription: 'unknown' });
      const listed = await read(await plain.get('/api/providers', token));
      const providers = providerListSchema.parse((listed.json as { data: unknown }).data);
      expect(providers.find((p) => p.id === 'tencent')?.capabilities).toMatchObject({ recording: false, transcription: false });
      expect(providers.find((p) => p.id === 'tencent')?.capabilities.push).toBeUndefined();
      const hookRes = await fetch(`${plain.url}/hooks/tencent`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(hookRes.status).toBe(404);
    } finally {
      await plain.close();
    }
  });

  it('turns a Tencent recording indicator on from a signed TRTC 301, and off again only with a newer 302', async () => {
    const { callId, roomId } = tencentCall(2);
    await snapshot('tencent', callId);
    const start = later();
    const on = await sendWebhook(hook('tencent'), TENCENT, trtc(roomId, 3, 301, start));
    expect(on.status).toBe(200);
    expect((await snapshot('tencent', callId)).recording).toBe('on');

    // A retry of an older stop arriving late does not flip it back.
    const stale = await sendWebhook(hook('tencent'), TENCENT, trtc(roomId, 3, 302, start - 500));
    expect(stale.status).toBe(200);
    expect((await snapshot('tencent', callId)).recording).toBe('on');

    const off = await sendWebhook(hook('tencent'), TENCENT, trtc(roomId, 3, 302, later()));
    expect(off.status).toBe(200);
    expect((await snapshot('tencent', callId)).recording).toBe('off');

    const transcribing = await sendWebhook(hook('tencent'), TENCENT, trtc(roomId, 14, 1401, later()));
    expect(transcribing.status).toBe(200);
    expect((await snapshot('tencent', callId)).transcription).toBe('on');
  });

  it('applies a redelivered event once: the duplicate is acknowledged and changes nothing', async () => {
    const { callId, roomId } = tencentCall(1);
    const body = trtc(roomId, 3, 301, later());
    const first = await post('tencent', TENCENT, JSON.stringify(body));
    expect(first.json).toMatchObject({ data: { applied: true } });
    // A newer stop, then the old start again (a vendor retry): the start must not win.
    expect((await sendWebhook(hook('tencent'), TENCENT, trtc(roomId, 3, 302, later()))).status).toBe(200);
    const again = await post('tencent', TENCENT, JSON.stringify(body));
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ data: { applied: false } });
    expect((await snapshot('tencent', callId)).recording).toBe('off');
  });

  it('refuses a bad signature, a wrong app and wrong Basic credentials with 401, and records nothing', async () => {
    const { callId, roomId } = tencentCall(0);
    const before = (await snapshot('tencent', callId)).recording;
    const flip = before === 'on' ? 302 : 301;
    const forged = webhookSigner(tencentPush, { key: 'notTheKey', sdkAppId: '1400000001' });
    expect((await sendWebhook(hook('tencent'), forged, trtc(roomId, 3, flip, later()))).status).toBe(401);
    const otherApp = webhookSigner(tencentPush, { key: 'trtcKey0123456789', sdkAppId: '1400000002' });
    expect((await sendWebhook(hook('tencent'), otherApp, trtc(roomId, 3, flip, later()))).status).toBe(401);
    expect((await snapshot('tencent', callId)).recording).toBe(before);

    // The body changed after signing: TRTC signs the exact bytes.
    const signed = trtc(roomId, 3, flip, later());
    const tampered = JSON.stringify({ ...signed, EventType: flip === 301 ? 302 : 301 });
    const res = await fetch(hook('tencent'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', sign: 'AAAA', sdkappid: '1400000001' },
      body: tampered,
    });
    expect(res.status).toBe(401);

    const wrongBasic = webhookSigner(bandwidthPush, { username: 'catapult', password: 'guess' });
    expect((await sendWebhook(hook('bandwidth'), wrongBasic, { eventType: 'conference', conferenceId: 'x', status: 'created' })).status).toBe(401);
    expect((await snapshot('tencent', callId)).recording).toBe(before);
  });

  it('shows a recording change at the Bandwidth simulator in the snapshot, through the member callback', async () => {
    const standby = [...sim.bandwidth.conferences.values()].find((c) => c.tag === 'standby');
    if (!standby) throw new Error('demo conference missing');
    expect((await snapshot('bandwidth', standby.id)).recording).toBe('off');
    // A caller whose call records joins: Catapult calls back with a conference-member event.
    const control = await fetch(`${sim.origin}/__sim/bandwidth/conferences/${standby.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ addRecording: true, transcription: true }),
    });
    expect(control.status).toBe(200);
    const seen = await until('bandwidth', standby.id, (s) => s.recording === 'on');
    expect(seen.recording).toBe('on');
    expect(seen.transcription).toBe('on');
    const member = standby.members.at(-1);
    expect(seen.participants?.find((p) => p.id === member?.id)?.name).toBe(member?.number);
  });

  it('shows a CometChat participant joining at the simulator at once, through its webhook, despite the cache', async () => {
    const call = [...sim.cometchat.calls.values()].find((c) => c.anchor && c.status === 'ongoing');
    if (!call) throw new Error('demo call missing');
    const before = await snapshot('cometchat', call.sessionId);
    const control = await fetch(`${sim.origin}/__sim/cometchat/calls/${call.sessionId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ join: true }),
    });
    expect(control.status).toBe(200);
    const seen = await until('cometchat', call.sessionId, (s) => (s.participants?.length ?? 0) > (before.participants?.length ?? 0));
    expect(seen.participants?.length).toBe((before.participants?.length ?? 0) + 1);
  });

  it('answers any body, signed, with a 4xx or an unapplied 200, never a 5xx', async () => {
    const bodies = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.json({ maxDepth: 3 }),
      fc.record({ eventType: fc.constantFrom('conference', 'conference-member', 'other'), conferenceId: fc.string() }).map((b) => JSON.stringify(b)),
      fc.record({ EventGroupId: fc.integer(), EventType: fc.integer(), EventInfo: fc.anything() }).map((b) => JSON.stringify(b)),
      fc.record({ trigger: fc.string(), data: fc.anything() }).map((b) => JSON.stringify(b)),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(['bandwidth', BANDWIDTH] as const, ['cometchat', COMETCHAT] as const, ['tencent', TENCENT] as const), bodies, async ([vendor, sign], text) => {
        const { status, json } = await post(vendor, sign, text);
        expect(status).toBeLessThan(500);
        // Acknowledged (an event type roomwatch does not track) but never applied, or refused.
        if (status === 200) expect(json).toMatchObject({ data: { applied: false } });
        else expect([400, 413, 415]).toContain(status);
      }),
      { numRuns: 200 },
    );
  });

  it('rate-limits an address after repeated failed verifications', async () => {
    const forged = webhookSigner(cometChatPush, { username: 'cometchat', password: 'nope' });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1) statuses.push((await sendWebhook(hook('cometchat'), forged, { trigger: 'meeting_started', data: {} })).status);
    // 10 failures a minute per address (some were spent by the test above), then 429 for good.
    const firstLimited = statuses.indexOf(429);
    expect(firstLimited).toBeGreaterThan(0);
    expect(statuses.slice(0, firstLimited).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(firstLimited).every((s) => s === 429)).toBe(true);
  });
});

/** POSTs `text` to the vendor's receiver, signed with `sign`, and reads the answer. */
async function post(vendor: string, sign: WebhookSigner, text: string) {
  const raw = Buffer.from(text);
  return read(await fetch(hook(vendor), { method: 'POST', headers: sign(raw), body: raw }));
}
