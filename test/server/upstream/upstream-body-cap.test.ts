import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startSimulator, type Simulator } from '../../../server/simulator';
import { UpstreamClient } from '../../../server/upstream/http';
import { BASE_POLICY } from '../../../server/upstream/policy';

let sim: Simulator;
let client: UpstreamClient;
beforeAll(async () => {
  sim = await startSimulator({ tickMs: 0 });
  const proconf = sim.vendorConfigs.proconf;
  if (!proconf) throw new Error('no ProCONF simulator');
  client = new UpstreamClient({
    provider: 'proconf',
    baseUrl: proconf.url,
    policy: { ...BASE_POLICY, timeoutMs: 2000 },
    logger: pino({ level: 'silent' }),
    maxBodyBytes: 4096,
    defaultHeaders: () => ({ authorization: `Bearer ${proconf.token ?? ''}` }),
  });
});
afterAll(async () => {
  await client.close();
  await sim.close();
});

const catchUp = z.object({ error: z.null(), data: z.string() });

describe('an upstream answer larger than the cap', () => {
  it('is a bad answer (502 on /api), not an outage, and the next normal answer still works', async () => {
    sim.proconf.set('incident-2291', { append: 'x'.repeat(10_000) });
    await expect(client.requestJson({ op: 'call-catchup', path: ['call-catchup', 'incident-2291'] }, catchUp)).rejects.toMatchObject({
      kind: 'bad_answer',
      detail: 'answer larger than 4096 bytes',
    });
    const small = await client.requestJson({ op: 'call-catchup', path: ['call-catchup', 'standup'] }, catchUp);
    expect(small.data.length).toBeGreaterThan(0);
  });

  it('a request may carry its own cap (a listing grows with the account): within it the answer is read', async () => {
    sim.proconf.set('incident-2291', { append: 'y'.repeat(10_000) });
    const large = await client.requestJson({ op: 'call-catchup', path: ['call-catchup', 'incident-2291'], maxBodyBytes: 64 * 1024 }, catchUp);
    expect(large.data).toContain('y'.repeat(10_000));
    await expect(
      client.requestJson({ op: 'call-catchup', path: ['call-catchup', 'incident-2291'], maxBodyBytes: 8192 }, catchUp),
    ).rejects.toMatchObject({ kind: 'bad_answer', detail: 'answer larger than 8192 bytes' });
  });
});
