import { defineVendor } from '../vendorModule';
import { bandwidthPush } from './push';
import { bandwidthEnvSchema, bandwidthFromEnv } from './config';
import { BandwidthProvider } from './provider';

/** Bandwidth Catapult v1 conferences: a conference and its members; no listing. */
export const bandwidthVendor = defineVendor({
  id: 'bandwidth',
  label: 'Bandwidth',
  // Recording and transcription from the active members' calls (callDetails.ts).
  capabilities: { catchUp: false, recording: true, transcription: true, participants: true, roomListing: false },
  envSchema: bandwidthEnvSchema,
  fromEnv: bandwidthFromEnv,
  /**
   * Catapult allows conferences 1 request/s by default, and a snapshot is two requests, so with
   * N conferences on screen each refreshes about every 2×N seconds: requests queue for a token
   * for up to 10 s instead of failing after the global 1 s, and the overview shows slightly
   * older data rather than errors.
   */
  policyDefaults: { ratePerSecond: 1, rateBurst: 1, rateWaitMs: 10_000 },
  createProvider: (config, deps) => new BandwidthProvider({ config, ...deps }),
  push: bandwidthPush,
});
