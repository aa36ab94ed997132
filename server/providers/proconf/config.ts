import { z } from 'zod';
import { httpUrl, optionalString } from '../../envFields';
import type { VendorEnvResult } from '../vendorModule';

export interface ProconfVendorConfig {
  url: string;
  token: string | undefined;
}

export const proconfEnvSchema = z.object({
  PROCONF_ADMIN_URL: httpUrl,
  PROCONF_ADMIN_TOKEN: optionalString,
});

export function proconfFromEnv(e: z.infer<typeof proconfEnvSchema>): VendorEnvResult<ProconfVendorConfig> {
  const config = e.PROCONF_ADMIN_URL ? { url: e.PROCONF_ADMIN_URL, token: e.PROCONF_ADMIN_TOKEN } : undefined;
  return { ok: true, config, policy: {} };
}
