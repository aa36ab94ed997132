import { afterEach, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerPushHooks } from '../../../server/push/receiver';
import { SeenEvents } from '../../../server/push/idempotency';
import { sendWebhook, webhookSigner } from '../../../server/push/sender';
import { pushReceivers } from '../../../server/push/wiring';
import { BUILTIN_VENDORS } from '../../../server/providers/catalog';
import { bandwidthPush } from '../../../server/providers/bandwidth/push';
import { cometChatPush } from '../../../server/providers/cometchat/push';
import { tencentPush } from '../../../server/providers/tencent/push';
import type { PushDelivery } from '../../../server/providers/webhooks/events';
import { BANDWIDTH_CONFERENCE_CREATED, COMETCHAT_MEETING_STARTED, TRTC_EXIT_ROOM, fill } from '../../support/fixtures/push-samples';

const bandwidth = { username: 'bw', password: 'bw-pass' };
const cometchat = { username: 'cc', password: 'cc-pass' };
const tencent = { key: 'Key42', sdkAppId: '1400000009' };

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** A receiver on a real port: the simulator talks HTTP to the BFF, not inject. */
async function listen(): Promise<{ base: string; applied: PushDelivery[] }> {
  const applied: PushDelivery[] = [];
  app = Fastify({ logger: false });
  await registerPushHooks(app, {
    receivers: pushReceivers(BUILTIN_VENDORS, { bandwidth, cometchat, tencent }),
    seen: new SeenEvents(),
    apply: async (d) => {
      applied.push(d);
    },
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { base: address, applied };
}

describe('simulator webhook sender', () => {
  it('sends each vendor webhook so that the receiver accepts it, over real HTTP', async () => {
    const { base, applied } = await listen();
    const bw = await sendWebhook(`${base}/hooks/bandwidth`, webhookSigner(bandwidthPush, bandwidth), fill(BANDWIDTH_CONFERENCE_CREATED, { conferenceId: 'conf-9', userId: 'u' }));
    const cc = await sendWebhook(`${base}/hooks/cometchat`, webhookSigner(cometChatPush, cometchat), fill(COMETCHAT_MEETING_STARTED, { sessionId: 's-9', appId: 'a', region: 'us', webhookID: 'w' }));
    const tc = await sendWebhook(`${base}/hooks/tencent`, webhookSigner(tencentPush, tencent), TRTC_EXIT_ROOM);
    expect([bw.status, cc.status, tc.status]).toEqual([200, 200, 200]);
    expect(applied.map((d) => d.events[0]?.kind)).toEqual(['state', 'state', 'participant.left']);
  });

  it('a sender with the wrong secret is refused; a duplicate send is not applied twice', async () => {
    const { base, applied } = await listen();
    const wrong = await sendWebhook(`${base}/hooks/tencent`, webhookSigner(tencentPush, { ...tencent, key: 'Key43' }), TRTC_EXIT_ROOM);
    expect(wrong.status).toBe(401);
    await sendWebhook(`${base}/hooks/tencent`, webhookSigner(tencentPush, tencent), TRTC_EXIT_ROOM);
    await sendWebhook(`${base}/hooks/tencent`, webhookSigner(tencentPush, tencent), TRTC_EXIT_ROOM);
    expect(applied).toHaveLength(1);
  });

  it('signs the exact bytes it sends, whitespace included', async () => {
    const { base } = await listen();
    const pretty = JSON.stringify(TRTC_EXIT_ROOM, null, '\t');
    const res = await sendWebhook(`${base}/hooks/tencent`, webhookSigner(tencentPush, tencent), null, { bodyText: pretty });
    expect(res.status).toBe(200);
  });
});
