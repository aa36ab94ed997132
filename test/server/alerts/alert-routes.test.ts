import type { FastifyInstance, InjectOptions } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertRuleSchema } from '../../../src/contract/alerts';
import { buildApp } from '../../../server/app';
import { MemoryAlertStore } from '../../support/memoryAlertStore';
import { createAlertService, type AlertService } from '../../../server/alerts/service';
import { createLogger } from '../../../server/logger';
import type { ProviderSet } from '../../../server/providers/registry';
import { ruleInput } from '../../support/alertStoreContract';
import { MemoryHistoryStore } from '../../support/memoryHistoryStore';
import { fakeProvider } from '../../support/injectApp';
import { hostileName } from '../../support/security/hostile';
import { signToken, testConfig, TEST_SECRET } from '../../support/support';

/**
 * The alert routes through the real app (auth hook, same-origin check, body limit, error
 * contract) in front of an alert service on memory stores: what moderators may do, and what
 * hostile input gets back (a clear 4xx, never a 5xx, never a stored rule).
 */
let app: FastifyInstance;
let service: AlertService;
let store: MemoryAlertStore;
let mod: string;
let scopedMod: string;
let participant: string;

beforeAll(async () => {
  const providers = [fakeProvider('bandwidth'), fakeProvider('proconf')];
  const set: ProviderSet = { all: () => providers, get: (id) => providers.find((p) => p.id === id), proconf: undefined, close: async () => {} };
  store = new MemoryAlertStore();
  service = createAlertService({
    history: new MemoryHistoryStore(),
    watcher: { onEvents: () => () => true },
    store,
    config: { webhookSecret: 'route-test-secret-0123456789', webhookAllow: [] },
    logger: createLogger('silent'),
  });
  app = await buildApp(testConfig({ RATE_LIMIT_USER_PER_MIN: '0', RATE_LIMIT_IP_PER_MIN: '0' }), {
    providers: set,
    localSecret: new TextEncoder().encode(TEST_SECRET),
    logger: createLogger('silent'),
    alerts: service,
  });
  mod = await signToken({ sub: 'mod' });
  scopedMod = await signToken({ sub: 'scoped', rooms: ['bandwidth:room-1'] });
  participant = await signToken({ sub: 'p', role: 'participant', rooms: ['bandwidth:room-1'] });
});
afterAll(async () => {
  await app.close();
});

function call(method: InjectOptions['method'], url: string, token: string, body?: unknown) {
  return app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

describe('alert rule routes', () => {
  it('a moderator creates, lists, edits, disables and deletes a rule', async () => {
    const created = await call('POST', '/api/alert-rules', mod, ruleInput());
    expect(created.statusCode).toBe(201);
    const rule = alertRuleSchema.parse(created.json<{ data: unknown }>().data);
    expect((await call('GET', '/api/alert-rules', mod)).json<{ data: { id: string }[] }>().data.map((r) => r.id)).toContain(rule.id);
    const patched = await call('PATCH', `/api/alert-rules/${rule.id}`, mod, { enabled: false, name: 'Quiet' });
    expect(patched.statusCode).toBe(200);
    expect(patched.json<{ data: unknown }>().data).toMatchObject({ enabled: false, name: 'Quiet', when: 'recording.stopped' });
    expect((await call('DELETE', `/api/alert-rules/${rule.id}`, mod, {})).statusCode).toBe(200);
    expect((await call('DELETE', `/api/alert-rules/${rule.id}`, mod, {})).statusCode).toBe(404);
    expect((await call('PATCH', `/api/alert-rules/${rule.id}`, mod, { enabled: true })).statusCode).toBe(404);
  });

  it('participants and moderators of some rooms only cannot touch rules', async () => {
    expect((await call('GET', '/api/alert-rules', participant)).statusCode).toBe(403);
    expect((await call('POST', '/api/alert-rules', participant, ruleInput())).statusCode).toBe(403);
    const scoped = await call('POST', '/api/alert-rules', scopedMod, ruleInput());
    expect(scoped.statusCode).toBe(403);
    expect(scoped.json<{ error: { message: string } }>().error.message).toMatch(/moderators of every room/);
    expect((await call('GET', '/api/alerts', participant)).statusCode).toBe(403);
  });

  it.each([
    ['an http URL', { channels: [{ type: 'webhook', url: 'http://hooks.example.com/x' }] }, /https/],
    ['a private address', { channels: [{ type: 'webhook', url: 'https://192.168.0.10/x' }] }, /private/],
    ['the metadata address', { channels: [{ type: 'webhook', url: 'https://169.254.169.254/latest/meta-data' }] }, /private/],
    ['an IPv4-mapped loopback', { channels: [{ type: 'webhook', url: 'https://[::ffff:127.0.0.1]/x' }] }, /private/],
    ['a file URL', { channels: [{ type: 'webhook', url: 'file:///etc/passwd' }] }, /https/],
    ['a glob with a regex', { match: { callId: '(a+)+$' } }, /match.callId/],
    ['an empty name', { name: '   ' }, /name/],
    ['an unknown field', { extra: 1 }, /extra/],
    ['an unknown condition', { when: 'recording.exploded' }, /when/],
  ])('refuses a rule with %s, naming what is wrong', async (_what, change, message) => {
    const res = await call('POST', '/api/alert-rules', mod, { ...ruleInput(), ...change });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { message: string } }>().error.message).toMatch(message);
  });

  it('refuses a huge body before it is parsed', async () => {
    const res = await call('POST', '/api/alert-rules', mod, { ...ruleInput(), name: 'x'.repeat(2_000_000) });
    expect(res.statusCode).toBe(413);
  });

  it('answers 404 for an id that is not a rule id, whatever it holds', async () => {
    for (const id of ['..', '%2e%2e', 'x'.repeat(200), '00000000-0000-4000-8000-000000000000']) {
      expect((await call('POST', `/api/alert-rules/${encodeURIComponent(id)}/test`, mod, {})).statusCode).toBe(404);
    }
  });

  it('lists alerts by state and refuses an unknown state', async () => {
    expect((await call('GET', '/api/alerts?state=all', mod)).statusCode).toBe(200);
    expect((await call('GET', '/api/alerts?state=everything', mod)).statusCode).toBe(400);
    expect((await call('GET', '/api/alerts?state=open&x=1', mod)).statusCode).toBe(400);
  });

  it('random hostile rule bodies get a 4xx and store nothing, or a valid rule', async () => {
    const before = (await store.listRules()).length;
    let created = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          name: fc.oneof(hostileName, fc.string({ maxLength: 200 })),
          callId: hostileName,
          url: fc.oneof(
            fc.webUrl({ withQueryParameters: true }),
            fc.constantFrom('https://10.0.0.1/', 'https://[fe80::1]/', 'https://localhost/', 'gopher://x/', 'https://0/', 'https://[::]/', 'https://[fd00::1]/'),
            hostileName,
          ),
          when: fc.oneof(fc.constantFrom('recording.stopped', 'vendor.unreachable'), hostileName),
          afterSec: fc.oneof(fc.integer({ min: -10, max: 100_000 }), fc.double()),
        }),
        async ({ name, callId, url, when, afterSec }) => {
          const res = await call('POST', '/api/alert-rules', mod, { ...ruleInput(), name, match: { callId }, when, afterSec, channels: [{ type: 'webhook', url }] });
          expect([201, 400]).toContain(res.statusCode);
          const body = res.json<{ error: { message: string } | null }>();
          if (res.statusCode === 201) created += 1;
          else expect(body.error?.message).toMatch(/^(Invalid body|The webhook|Webhook)/);
        },
      ),
      { numRuns: 150 },
    );
    expect((await store.listRules()).length).toBe(before + created);
    for (const rule of await store.listRules()) {
      expect(rule.channels.every((c) => c.type !== 'webhook' || c.url.startsWith('https://'))).toBe(true);
    }
  });
});

describe('alert rule ids and patches', () => {
  it('any hostile id or patch body gets a 4xx in the error envelope', async () => {
    const created = await call('POST', '/api/alert-rules', mod, ruleInput({ name: 'Target' }));
    const id = alertRuleSchema.parse(created.json<{ data: unknown }>().data).id;
    await fc.assert(
      fc.asyncProperty(
        hostileName,
        fc.dictionary(fc.oneof(fc.constantFrom('name', 'enabled', 'when', 'afterSec', 'match', 'channels', '__proto__', 'constructor'), hostileName), fc.jsonValue(), { maxKeys: 4 }),
        async (badId, patch) => {
          const byId = await call('PATCH', `/api/alert-rules/${encodeURIComponent(badId)}`, mod, {});
          // 404 for an id that is no rule's; 400 for one past the router's parameter length.
          expect([400, 404]).toContain(byId.statusCode);
          const res = await call('PATCH', `/api/alert-rules/${id}`, mod, JSON.stringify(patch));
          expect([200, 400]).toContain(res.statusCode);
          expect(res.json<{ error: unknown }>()).toHaveProperty('error');
          if (res.statusCode === 200) expect(alertRuleSchema.safeParse(res.json<{ data: unknown }>().data).success).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });
});
