import { createHash } from 'node:crypto';
import type { BasicCredentials } from '../../webhooks/basicAuth';
import { definePush } from '../../webhooks/vendorPush';
import { mapCometChatWebhook } from './map';
import { cometChatWebhookSchema } from './schema';
import { cometChatWebhookHeaders } from './sign';
import { verifyCometChatWebhook } from './verify';

/** CometChat call-session webhooks on `/hooks/cometchat`, with the Basic credentials set in its dashboard. */
export const cometChatPush = definePush({
  fields: { recording: true, transcription: false, participants: true, state: true },
  verify: ({ headers }, credentials: BasicCredentials) => verifyCometChatWebhook(headers.authorization, credentials),
  schema: cometChatWebhookSchema,
  // A body's digest stands in for the event id when the webhook carries no time (see map.ts).
  map: (hook, { raw, receivedAt }) => mapCometChatWebhook(hook, receivedAt, createHash('sha256').update(raw).digest('hex')),
  sign: (_raw, credentials) => cometChatWebhookHeaders(credentials),
});
