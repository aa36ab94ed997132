import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';

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
});
