import type { BasicCredentials } from '../../webhooks/basicAuth';
import { definePush } from '../../webhooks/vendorPush';
import { mapBandwidthCallback } from './map';
import { bandwidthCallbackSchema } from './schema';
import { bandwidthCallbackHeaders } from './sign';
import { verifyBandwidthCallback } from './verify';

/** Catapult v1 conference and member callbacks on `/hooks/bandwidth`, with Basic credentials. */
export const bandwidthPush = definePush({
  // Member callbacks say nothing about recording: the member calls' details are read again.
  fields: { recording: false, transcription: false, participants: true, state: true },
  verify: ({ headers }, credentials: BasicCredentials) => verifyBandwidthCallback(headers.authorization, credentials),
  schema: bandwidthCallbackSchema,
  map: (callback, { receivedAt }) => mapBandwidthCallback(callback, receivedAt),
  sign: (_raw, credentials) => bandwidthCallbackHeaders(credentials),
});
