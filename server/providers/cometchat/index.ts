import { defineVendor } from '../vendorModule';
import { cometChatPush } from './push';
import { cometChatEnvSchema, cometChatFromEnv } from './config';
import { CometChatProvider } from './provider';

/** CometChat Calls v3: call details and the list of ongoing calls. */
export const cometChatVendor = defineVendor({
  id: 'cometchat',
  label: 'CometChat',
  capabilities: { catchUp: false, recording: true, transcription: true, participants: true, roomListing: true },
  envSchema: cometChatEnvSchema,
  fromEnv: cometChatFromEnv,
  // CometChat documents no rate limit for these reads; its 429s (with Retry-After) are honoured.
  policyDefaults: {},
  createProvider: (config, deps) => new CometChatProvider({ config, ...deps }),
  push: cometChatPush,
});
