import { z } from 'zod';
import { httpUrl, optionalString } from '../../envFields';
import { missingVariables, type VendorEnvResult } from '../vendorModule';

/**
 * Where ProCONF keeps post-call summaries: an S3 bucket (or an S3-compatible store at
 * `endpoint`, addressed path-style). Credentials come from the AWS SDK's default chain
 * (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile, an instance role); only the simulator
 * hands its own, because its bucket's keys are made up at start.
 */
export interface ProconfSummaryConfig {
  bucket: string;
  region: string;
  endpoint: string | undefined;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export interface ProconfVendorConfig {
  url: string;
  token: string | undefined;
  /** Unset: `/callSummary` answers 404 (there is nowhere to read summaries from). */
  summary?: ProconfSummaryConfig;
}

/** S3's own rule for bucket names (lower-case, digits, dots, hyphens; 3 to 63). */
const bucketName = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name')
  .optional()
  .or(z.literal('').transform(() => undefined));

export const proconfEnvSchema = z.object({
  PROCONF_ADMIN_URL: httpUrl,
  PROCONF_ADMIN_TOKEN: optionalString,
  PROCONF_SUMMARY_BUCKET: bucketName,
  PROCONF_SUMMARY_REGION: optionalString.pipe(z.string().regex(/^[a-z0-9-]{2,32}$/, 'must be a region name like eu-west-1').optional()),
  PROCONF_SUMMARY_S3_ENDPOINT: httpUrl,
});

export function proconfFromEnv(e: z.infer<typeof proconfEnvSchema>): VendorEnvResult<ProconfVendorConfig> {
  if (!e.PROCONF_ADMIN_URL) return { ok: true, config: undefined, policy: {} };
  const bucket = e.PROCONF_SUMMARY_BUCKET;
  const region = e.PROCONF_SUMMARY_REGION;
  if ((bucket === undefined) !== (region === undefined) || (e.PROCONF_SUMMARY_S3_ENDPOINT && !bucket)) {
    return {
      ok: false,
      problems: missingVariables({ PROCONF_SUMMARY_BUCKET: bucket, PROCONF_SUMMARY_REGION: region }, 'the post-call summary bucket'),
    };
  }
  const summary = bucket && region ? { bucket, region, endpoint: e.PROCONF_SUMMARY_S3_ENDPOINT } : undefined;
  return { ok: true, config: { url: e.PROCONF_ADMIN_URL, token: e.PROCONF_ADMIN_TOKEN, ...(summary ? { summary } : {}) }, policy: {} };
}
