import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/config';

describe('vendor configuration', () => {
  it('names each missing variable of a vendor that is switched on', () => {
    const result = loadConfig({ BANDWIDTH_API_URL: 'https://api.catapult.inetwork.com', COMETCHAT_APP_ID: 'app1', TENCENT_API_URL: 'https://adminapisgp.im.qcloud.com' });
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems.join('\n');
    for (const name of ['BANDWIDTH_USER_ID', 'BANDWIDTH_API_TOKEN', 'BANDWIDTH_API_SECRET', 'COMETCHAT_API_KEY', 'COMETCHAT_REGION', 'TENCENT_SDKAPPID', 'TENCENT_SECRET_KEY']) {
      expect(problems).toContain(name);
    }
  });

  it('builds the CometChat base from app id and region, and defaults the Tencent admin', () => {
    const result = loadConfig({
      COMETCHAT_APP_ID: 'app1',
      COMETCHAT_REGION: 'eu',
      COMETCHAT_API_KEY: 'k',
      TENCENT_API_URL: 'https://adminapisgp.im.qcloud.com',
      TENCENT_SDKAPPID: '1400000001',
      TENCENT_SECRET_KEY: 's',
    });
    if (!result.ok) throw new Error(result.problems.join('; '));
    expect(result.config.vendors.cometchat).toEqual({ url: 'https://app1.call-eu.cometchat.io/v3', apiKey: 'k' });
    expect(result.config.vendors.tencent).toMatchObject({ sdkAppId: 1400000001, adminId: 'administrator' });
    // A vendor configured for real turns the simulator off by default.
    expect(result.config.simulator.enabled).toBe(false);
  });

  it('reads ProCONF’s summary bucket: both of bucket and region or neither, an optional endpoint', () => {
    const admin = { PROCONF_ADMIN_URL: 'https://admin.example.com/api' };
    const full = loadConfig({ ...admin, PROCONF_SUMMARY_BUCKET: 'proconf-summaries', PROCONF_SUMMARY_REGION: 'eu-west-1', PROCONF_SUMMARY_S3_ENDPOINT: 'https://minio.example.com' });
    if (!full.ok) throw new Error(full.problems.join('; '));
    // Never credentials from the environment here: the AWS SDK's own chain reads those.
    expect(full.config.vendors.proconf).toEqual({
      url: 'https://admin.example.com/api',
      token: undefined,
      summary: { bucket: 'proconf-summaries', region: 'eu-west-1', endpoint: 'https://minio.example.com' },
    });
    const none = loadConfig(admin);
    if (!none.ok) throw new Error(none.problems.join('; '));
    expect(none.config.vendors.proconf).toEqual({ url: 'https://admin.example.com/api', token: undefined });

    for (const [env, names] of [
      [{ PROCONF_SUMMARY_BUCKET: 'proconf-summaries' }, ['PROCONF_SUMMARY_REGION']],
      [{ PROCONF_SUMMARY_REGION: 'eu-west-1' }, ['PROCONF_SUMMARY_BUCKET']],
      [{ PROCONF_SUMMARY_BUCKET: 'Not_A_Bucket', PROCONF_SUMMARY_REGION: 'eu-west-1' }, ['PROCONF_SUMMARY_BUCKET']],
      [{ PROCONF_SUMMARY_BUCKET: 'b-1', PROCONF_SUMMARY_REGION: 'eu-west-1', PROCONF_SUMMARY_S3_ENDPOINT: 'file:///etc' }, ['PROCONF_SUMMARY_S3_ENDPOINT']],
    ] as const) {
      const result = loadConfig({ ...admin, ...env });
      expect(result.ok, JSON.stringify(env)).toBe(false);
      for (const name of names) expect(result.ok ? '' : result.problems.join('\n')).toContain(name);
    }
  });
});
