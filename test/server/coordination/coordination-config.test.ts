import { describe, expect, it } from 'vitest';
import { coordinationConfig, coordinationEnvSchema, redactRedisUrl, redisGuardRail } from '../../../server/coordination/config';

const parse = (env: Record<string, string | undefined>) => coordinationEnvSchema.safeParse(env);

describe('REDIS_URL', () => {
  it('is optional: unset or empty means one instance, in memory', () => {
    for (const env of [{}, { REDIS_URL: '' }, { REDIS_URL: '  ' }]) {
      const parsed = parse(env);
      expect(parsed.success && coordinationConfig(parsed.data)).toEqual({ redisUrl: undefined, commandTimeoutMs: 200 });
    }
  });

  it('takes redis:// and rediss:// URLs, with a password and a database', () => {
    for (const url of ['redis://127.0.0.1:6379', 'rediss://:s3cret@cache.internal:6380/2', 'redis://user:pw@h/0']) {
      const parsed = parse({ REDIS_URL: url });
      expect(parsed.success && parsed.data.REDIS_URL).toBe(url);
    }
  });

  it('refuses anything else, without repeating the value (it may hold a password)', () => {
    const parsed = parse({ REDIS_URL: 'http://:topsecret@cache:6379' });
    expect(parsed.success).toBe(false);
    const text = JSON.stringify(parsed.error?.issues);
    expect(text).toContain('redis:// or rediss://');
    expect(text).not.toContain('topsecret');
  });

  it('bounds the command timeout', () => {
    expect(parse({ REDIS_COMMAND_TIMEOUT_MS: '50' }).data?.REDIS_COMMAND_TIMEOUT_MS).toBe(50);
    expect(parse({ REDIS_COMMAND_TIMEOUT_MS: '0' }).success).toBe(false);
    expect(parse({ REDIS_COMMAND_TIMEOUT_MS: 'soon' }).success).toBe(false);
  });
});

describe('the several-instances guard rail', () => {
  const redisUrl = 'redis://127.0.0.1:6379';

  it('stops start-up when instances would share a SQLite file', () => {
    expect(redisGuardRail({ redisUrl, historyOn: true, databaseUrl: undefined })).toBe(
      'REDIS_URL: several instances cannot share a SQLite file; set DATABASE_URL (PostgreSQL) or HISTORY=off',
    );
  });

  it('lets PostgreSQL history, history off, or no Redis through', () => {
    expect(redisGuardRail({ redisUrl, historyOn: true, databaseUrl: 'postgres://db/roomwatch' })).toBeUndefined();
    expect(redisGuardRail({ redisUrl, historyOn: false, databaseUrl: undefined })).toBeUndefined();
    expect(redisGuardRail({ redisUrl: undefined, historyOn: true, databaseUrl: undefined })).toBeUndefined();
  });
});

describe('redactRedisUrl', () => {
  it('keeps where, drops who and the password', () => {
    expect(redactRedisUrl('rediss://admin:s3cret@cache.internal:6380/2')).toBe('rediss://cache.internal:6380/2');
    expect(redactRedisUrl('redis://:s3cret@127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(redactRedisUrl('not a url s3cret')).not.toContain('s3cret');
  });
});
