import { afterEach, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { registerPushHooks, type PushHookOptions } from '../../../server/push/receiver';
import { SeenEvents } from '../../../server/push/idempotency';
import { pushReceivers } from '../../../server/push/wiring';
import { BUILTIN_VENDORS } from '../../../server/providers/catalog';
import type { PushDelivery } from '../../../server/providers/webhooks/events';
import { PUSH_BODY_LIMIT_BYTES } from '../../../server/push/receiver';
import { bandwidthCallbackHeaders } from '../../../server/providers/bandwidth/push/sign';
import { cometChatWebhookHeaders } from '../../../server/providers/cometchat/push/sign';
import { tencentCallbackHeaders } from '../../../server/providers/tencent/push/sign';
import { BANDWIDTH_MEMBER_JOINED, COMETCHAT_MEETING_STARTED, TRTC_ENTER_ROOM, TRTC_RECORDER_START, fill } from '../../support/fixtures/push-samples';

const bandwidth = { username: 'bw-hook', password: 'bw-secret' };
const cometchat = { username: 'cc-hook', password: 'cc-secret' };
const tencent = { key: 'TrtcKey123', sdkAppId: '1400000001' };

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function start(overrides: Partial<PushHookOptions> = {}) {
  const applied: PushDelivery[] = [];
  app = Fastify({ logger: false });
  await registerPushHooks(app, {
    receivers: pushReceivers(BUILTIN_VENDORS, { bandwidth, cometchat, tencent }),
    seen: new SeenEvents(),
    apply: async (delivery) => {
      applied.push(delivery);
    },
    ...overrides,
  });
  return { app, applied };
}

const bwBody = JSON.stringify(fill(BANDWIDTH_MEMBER_JOINED, { conferenceId: 'conf-1', callId: 'c-1', memberId: 'm-1', userId: 'u' }));
const ccBody = JSON.stringify(fill(COMETCHAT_MEETING_STARTED, { sessionId: 's-1', appId: 'a', region: 'us', webhookID: 'w' }));
const tcBody = JSON.stringify(TRTC_RECORDER_START);

describe('webhook receivers', () => {
  it('apply a verified event of each vendor once', async () => {
    const { app, applied } = await start();
    const bw = await app.inject({ method: 'POST', url: '/hooks/bandwidth', headers: bandwidthCallbackHeaders(bandwidth), payload: bwBody });
    const cc = await app.inject({ method: 'POST', url: '/hooks/cometchat', headers: cometChatWebhookHeaders(cometchat), payload: ccBody });
    const tc = await app.inject({
      method: 'POST',
      url: '/hooks/tencent',
      headers: tencentCallbackHeaders(Buffer.from(tcBody), tencent),
      payload: tcBody,
    });
    expect([bw.statusCode, cc.statusCode, tc.statusCode]).toEqual([200, 200, 200]);
    expect(tc.json()).toEqual({ error: null, data: { applied: true } });
    expect(applied.map((d) => d.provider)).toEqual(['bandwidth', 'cometchat', 'tencent']);
    expect(applied[2]?.events).toMatchObject([{ kind: 'recording', to: 'on', callId: '1280586498' }]);
  });

  it('a redelivery (TRTC retry with a new CallbackTs) is acknowledged and changes nothing', async () => {
    const { app, applied } = await start();
    for (const callbackTs of [1, 2, 3]) {
      const body = JSON.stringify({ ...TRTC_ENTER_ROOM, CallbackTs: callbackTs });
      const res = await app.inject({ method: 'POST', url: '/hooks/tencent', headers: tencentCallbackHeaders(Buffer.from(body), tencent), payload: body });
      expect(res.statusCode).toBe(200);
    }
    expect(applied).toHaveLength(1);
  });

  it('refuses an unverified request with 401 and records nothing', async () => {
    const { app, applied } = await start();
    const wrong = await app.inject({ method: 'POST', url: '/hooks/bandwidth', headers: bandwidthCallbackHeaders(cometchat), payload: bwBody });
    const none = await app.inject({ method: 'POST', url: '/hooks/cometchat', headers: { 'content-type': 'application/json' }, payload: ccBody });
    const tampered = await app.inject({
      method: 'POST',
      url: '/hooks/tencent',
      headers: tencentCallbackHeaders(Buffer.from(tcBody), tencent),
      payload: tcBody.replace('"Status":0', '"Status":1'),
    });
    expect([wrong.statusCode, none.statusCode, tampered.statusCode]).toEqual([401, 401, 401]);
    expect(wrong.json()).toEqual({ data: null, error: { code: 401, message: 'Unauthorized' } });
    expect(applied).toEqual([]);
  });

  it('checks the signature before reading the body: unverified garbage is a 401, not a 400', async () => {
    const { app } = await start();
    const res = await app.inject({ method: 'POST', url: '/hooks/tencent', headers: { 'content-type': 'application/json', sign: 'x', sdkappid: '1' }, payload: '{not json' });
    expect(res.statusCode).toBe(401);
  });

  it('turns an address away with 429 after repeated failures, before checking more', async () => {
    const { app, applied } = await start({ failuresPerMinute: 3 });
    const bad = () => app.inject({ method: 'POST', url: '/hooks/cometchat', headers: cometChatWebhookHeaders(bandwidth), payload: ccBody });
    for (let i = 0; i < 3; i += 1) expect((await bad()).statusCode).toBe(401);
    const limited = await bad();
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Even the right credentials wait out the window from that address.
    const good = await app.inject({ method: 'POST', url: '/hooks/cometchat', headers: cometChatWebhookHeaders(cometchat), payload: ccBody });
    expect(good.statusCode).toBe(429);
    expect(applied).toEqual([]);
  });

  it('answers 400 to a verified body that is not JSON or not the documented shape', async () => {
    const { app, applied } = await start();
    const notJson = await app.inject({ method: 'POST', url: '/hooks/bandwidth', headers: bandwidthCallbackHeaders(bandwidth), payload: '{"eventType":' });
    const badShape = await app.inject({
      method: 'POST',
      url: '/hooks/bandwidth',
      headers: bandwidthCallbackHeaders(bandwidth),
      payload: JSON.stringify({ eventType: 'conference-member', conferenceId: 'c' }),
    });
    expect([notJson.statusCode, badShape.statusCode]).toEqual([400, 400]);
    expect(applied).toEqual([]);
  });

  it('caps the body and takes JSON only', async () => {
    const { app } = await start();
    const big = JSON.stringify({ eventType: 'x', pad: 'a'.repeat(PUSH_BODY_LIMIT_BYTES) });
    const tooBig = await app.inject({ method: 'POST', url: '/hooks/bandwidth', headers: bandwidthCallbackHeaders(bandwidth), payload: big });
    expect(tooBig.statusCode).toBe(413);
    const form = await app.inject({
      method: 'POST',
      url: '/hooks/bandwidth',
      headers: { ...bandwidthCallbackHeaders(bandwidth), 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'eventType=conference',
    });
    expect(form.statusCode).toBe(415);
  });

  it('a receiver whose secret is not configured does not exist', async () => {
    const { app } = await start({ receivers: pushReceivers(BUILTIN_VENDORS, { bandwidth, cometchat }) });
    const res = await app.inject({ method: 'POST', url: '/hooks/tencent', headers: tencentCallbackHeaders(Buffer.from(tcBody), tencent), payload: tcBody });
    expect(res.statusCode).toBe(404);
  });

  it('when applying fails, answers 503 and applies the retry', async () => {
    let fail = true;
    const applied: PushDelivery[] = [];
    const { app } = await start({
      apply: async (d) => {
        if (fail) throw new Error('store down');
        applied.push(d);
      },
    });
    const send = () => app.inject({ method: 'POST', url: '/hooks/cometchat', headers: cometChatWebhookHeaders(cometchat), payload: ccBody });
    expect((await send()).statusCode).toBe(503);
    fail = false;
    expect((await send()).statusCode).toBe(200);
    expect(applied).toHaveLength(1);
  });

  it('property: hostile bodies with valid credentials get 200 or 400, never a crash, on every receiver', async () => {
    const { app, applied } = await start();
    const headersFor = (provider: string, body: string) =>
      provider === 'tencent'
        ? tencentCallbackHeaders(Buffer.from(body), tencent)
        : provider === 'bandwidth'
          ? bandwidthCallbackHeaders(bandwidth)
          : cometChatWebhookHeaders(cometchat);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('bandwidth', 'cometchat', 'tencent'),
        fc.oneof(fc.json(), fc.string({ maxLength: 200 }), fc.jsonValue().map((v) => JSON.stringify({ eventType: 'conference-member', trigger: 'meeting_started', EventInfo: v }))),
        async (provider, body) => {
          const res = await app.inject({ method: 'POST', url: `/hooks/${provider}`, headers: headersFor(provider, body), payload: body });
          expect([200, 400]).toContain(res.statusCode);
        },
      ),
      { numRuns: 300 },
    );
    // Anything applied passed its vendor schema, so it names a usable room.
    for (const d of applied) for (const e of d.events) expect(e.callId).toMatch(/^[A-Za-z0-9][A-Za-z0-9._~:@-]{0,127}$/);
  });
});
