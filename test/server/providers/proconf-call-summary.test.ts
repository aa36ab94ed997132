import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { S3SummaryFiles, MAX_SUMMARY_BYTES } from '../../../server/providers/proconf/summaryFile';
import { isPlainSummaryKey } from '../../../server/providers/proconf/summaryKey';
import { rawGet } from '../../support/raw';
import { startTestServer, type TestServer } from '../../support/support';

const envelope = (code: number, message: string) => ({ data: null, error: { code, message } });

let server: TestServer;
let moderator: string;
beforeAll(async () => {
  server = await startTestServer({ UPSTREAM_TIMEOUT_MS: '2000', UPSTREAM_BREAKER_FAILURES: '1000' });
  moderator = await server.token({ role: 'moderator' });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.simulator?.clearFaults();
});

/** Tells the simulated ProCONF what `/call-summary` points at and what the bucket holds there. */
async function plant(room: string, change: { fileUrl?: string; content?: string; delayMs?: number }): Promise<void> {
  const res = await fetch(`${server.simulator?.origin}/__sim/proconf/summaries/${room}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(change),
  });
  expect(res.status).toBe(200);
}

function s3Requests(): string[] {
  return (server.simulator?.requests.all('proconf') ?? []).map((r) => r.url).filter((url) => url.startsWith('/proconf/api/s3/'));
}

describe('GET /callSummary/:room_name', () => {
  it('answers the ended call’s summary text, read from the bucket with a signed request', async () => {
    const res = await server.get('/callSummary/retro-week-46', moderator);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await res.json()) as { error: null; data: string };
    expect(body.error).toBeNull();
    expect(body.data).toMatch(/^# Summary of retro-week-46\n/);
    // The paragraphs are the room's catch-up text: the same words the live summary showed.
    const live = (await (await server.get('/callCatchUp/retro-week-46', moderator)).json()) as { data: string };
    expect(body.data).toContain(live.data);
    const seen = server.simulator?.requests.all('proconf').map((r) => r.url) ?? [];
    expect(seen).toContain('/proconf/api/call-summary/retro-week-46');
    expect(s3Requests().some((url) => url.startsWith('/proconf/api/s3/proconf-summaries/summaries/retro-week-46/'))).toBe(true);
  });

  it('404 Not found for a live room (no summary yet) and for an unknown one', async () => {
    for (const room of ['standup', 'no-such-room']) {
      const res = await server.get(`/callSummary/${room}`, moderator);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual(envelope(404, 'Not found'));
    }
  });

  it.each([
    ['/callSummary/..', 'Invalid room name.'],
    ['/callSummary/%2e%2e', 'Invalid room name.'],
    ['/callSummary/a%2Fb', 'Invalid room name.'],
    [`/callSummary/${'r'.repeat(129)}`, 'Invalid room name.'],
  ])('%s → 400 %s, and nothing goes upstream', async (path, message) => {
    const before = server.simulator?.requests.count('proconf') ?? 0;
    // Raw, so that `..` reaches the server as sent rather than resolved by the client.
    const res = await rawGet(server.url, path, { authorization: `Bearer ${moderator}` });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual(envelope(400, message));
    expect(server.simulator?.requests.count('proconf')).toBe(before);
  });

  it('401 Unauthorized without a token, 403 for a room the token may not read', async () => {
    const anonymous = await server.get('/callSummary/retro-week-46');
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual(envelope(401, 'Unauthorized'));
    const other = await server.get('/callSummary/retro-week-46', await server.token({ role: 'participant', rooms: ['standup'] }));
    expect(other.status).toBe(403);
  });

  it('500 Internal server error when the admin backend fails, without its words', async () => {
    server.simulator?.setFault('proconf', { mode: 'error500' });
    const res = await server.get('/callSummary/design-review', moderator);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual(envelope(500, 'Internal server error'));
  });
});

describe('a file_url that is not a plain key', () => {
  it.each([
    '../other-bucket/secret.md',
    'summaries/../../etc/passwd',
    'https://evil.example/summary.md',
    's3://other-bucket/summary.md',
    '//evil.example/summary.md',
    '/proconf-summaries/summary.md',
    'summaries\\..\\x.md',
    'summaries/x.md\n',
    'summaries/%2e%2e/x.md',
  ])('%j is refused with a 500, and nothing is read from the bucket', async (fileUrl) => {
    // A failed read is never cached, so one ended room serves every case.
    const room = 'incident-2291';
    server.simulator?.proconf.set(room, { ended: true });
    await plant(room, { fileUrl });
    const before = s3Requests().length;
    const res = await server.get(`/callSummary/${room}`, moderator);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual(envelope(500, 'Internal server error'));
    expect(s3Requests().length).toBe(before);
  });

  it('keys are plain when they are relative paths of safe characters', () => {
    expect(isPlainSummaryKey('summaries/standup/abc123.md')).toBe(true);
    expect(isPlainSummaryKey('a.b/c-d_e@f:g')).toBe(true);
    for (const bad of ['', '.', 'a/./b', 'a//b', 'a/', 'http:x', 'a\u0000b', 'a b', 'a?b', 'a#b', 'é']) {
      expect(isPlainSummaryKey(bad), bad).toBe(false);
    }
  });
});

describe('the summary bucket', () => {
  it('refuses a file over the size cap', async () => {
    const room = 'all-hands';
    server.simulator?.proconf.set(room, { ended: true });
    await plant(room, { fileUrl: 'summaries/oversized.md', content: 'x'.repeat(MAX_SUMMARY_BYTES + 1) });
    const res = await server.get(`/callSummary/${room}`, moderator);
    expect(res.status).toBe(500);
  });

  it('gives up on a bucket that does not answer within the deadline', async () => {
    const config = server.simulator?.vendorConfigs.proconf?.summary;
    if (!config) throw new Error('the simulator configures the bucket');
    const room = 'design-review';
    server.simulator?.proconf.set(room, { ended: true });
    await plant(room, { fileUrl: 'summaries/slow.md', content: 'late', delayMs: 2000 });
    const files = new S3SummaryFiles(config, { deadlineMs: 300 });
    try {
      // The bucket would answer "late" after 2 s; the read gives up first.
      await expect(files.read('summaries/slow.md')).rejects.toMatchObject({ kind: 'timeout' });
    } finally {
      files.close();
    }
  });

  it('checks the SigV4 signature: a wrong secret fails as on S3 (403 SignatureDoesNotMatch)', async () => {
    const config = server.simulator?.vendorConfigs.proconf?.summary;
    if (!config?.credentials) throw new Error('the simulator configures the bucket');
    const key = (await (await fetch(`${server.simulator?.origin}/proconf/api/call-summary/retro-week-46`, {
      headers: { authorization: `Bearer ${server.simulator?.vendorConfigs.proconf?.token}` },
    })).json()) as { data: { file_url: string } };

    const right = new S3SummaryFiles(config);
    const wrong = new S3SummaryFiles({ ...config, credentials: { ...config.credentials, secretAccessKey: `${config.credentials.secretAccessKey}x` } });
    const unknown = new S3SummaryFiles({ ...config, credentials: { ...config.credentials, accessKeyId: 'AKIAUNKNOWN0000000' } });
    try {
      expect(await right.read(key.data.file_url)).toMatch(/^# Summary of retro-week-46/);
      await expect(wrong.read(key.data.file_url)).rejects.toMatchObject({ kind: 'auth', detail: 'S3 SignatureDoesNotMatch' });
      await expect(unknown.read(key.data.file_url)).rejects.toMatchObject({ kind: 'auth', detail: 'S3 InvalidAccessKeyId' });
      await expect(right.read('summaries/none.md')).rejects.toMatchObject({ kind: 'not_found' });
    } finally {
      right.close();
      wrong.close();
      unknown.close();
    }

    // What S3 itself answers a badly signed request: XML naming the code.
    // The credential's date must be the day of x-amz-date (S3 answers AccessDenied otherwise), so
    // both come from one reading of the clock.
    const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const raw = await fetch(`${config.endpoint}/${config.bucket}/${key.data.file_url}`, {
      headers: {
        authorization: `AWS4-HMAC-SHA256 Credential=${config.credentials.accessKeyId}/${amzDate.slice(0, 8)}/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
        'x-amz-date': amzDate,
      },
    });
    expect(raw.status).toBe(403);
    expect(await raw.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
  });
});
