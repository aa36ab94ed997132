import { defineVendor } from '../vendorModule';
import { proconfEnvSchema, proconfFromEnv } from './config';
import { ProconfProvider } from './provider';

/** ProCONF: the dashboard's richest vendor, and the one the application-server routes stand in for. */
export const proconfVendor = defineVendor({
  id: 'proconf',
  label: 'ProCONF',
  capabilities: { catchUp: true, recording: true, transcription: true, participants: false, roomListing: true },
  envSchema: proconfEnvSchema,
  fromEnv: proconfFromEnv,
  // ProCONF documents no rate limit; its 429s are honoured all the same.
  policyDefaults: {},
  createProvider: (config, deps) => new ProconfProvider({ config, ...deps }),
  // The application-server routes (`/api/proconf/...`) read through this vendor's adapter.
  appServer: (provider) => (provider instanceof ProconfProvider ? provider : undefined),
});
