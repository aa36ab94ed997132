import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');

function run(env: Record<string, string>, untilOutput?: RegExp): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', HISTORY: 'off', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (untilOutput?.test(stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

describe('server/main.ts start-up', () => {
  it('a bad variable stops start-up with a message naming it', async () => {
    const { code, stderr } = await run({ PORT: 'eighty', PROCONF_ADMIN_URL: 'not a url' });
    expect(code).toBe(1);
    expect(stderr).toContain('cannot start');
    expect(stderr).toMatch(/PORT: /);
    expect(stderr).toMatch(/PROCONF_ADMIN_URL: /);
  });

  it('an incomplete vendor names the missing variable', async () => {
    const { code, stderr } = await run({ TENCENT_API_URL: 'https://adminapisgp.im.qcloud.com', TENCENT_SDKAPPID: '1400000000' });
    expect(code).toBe(1);
    expect(stderr).toContain('TENCENT_SECRET_KEY: required');
  });

  it('with nothing configured: simulator, a printed sign-in link, and a clean exit on SIGTERM', async () => {
    const { code, stdout } = await run({ PORT: '0', SIMULATOR_PORT: '0' }, /\/auth\/[A-Za-z0-9_-]{20,}/);
    expect(stdout).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(stdout).toMatch(/vendors simulated at http:\/\/127\.0\.0\.1:\d+/);
    expect(stdout).toMatch(/http:\/\/127\.0\.0\.1:\d+\/auth\/[A-Za-z0-9_-]{20,}/);
    expect(code).toBe(0);
  });

  it('with AUTH_JWT_SECRET configured no sign-in link is printed', async () => {
    const { stdout } = await run({ PORT: '0', SIMULATOR_PORT: '0', AUTH_JWT_SECRET: 'x'.repeat(40) }, /listening on/);
    expect(stdout).not.toContain('/auth/');
  });
});
