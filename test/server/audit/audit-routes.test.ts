import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditPageSchema, envelopeSchema, shareLinkSchema, type AuditEntry, type AuditPage } from '../../../src/contract';
import type { Running } from '../../../server/start';
import { moderator, participant, startTestServer } from '../../support/security/server';
import { historyEnv } from '../../support/support';

/**
 * The audit log through the real server with its SQLite store: what a person changes shows up,
 * newest first, filtered and paged as asked, and exported as CSV; participants are refused.
 */
let server: Running;
const history = historyEnv({ RATE_LIMIT_USER_PER_MIN: '0', RATE_LIMIT_IP_PER_MIN: '0' });

beforeAll(async () => {
  server = await startTestServer(history.env);
});
afterAll(async () => {
  await server?.close();
  history.cleanup();
});

async function send(method: string, path: string, token: string, body?: unknown): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      origin: server.url,
      // The alert routes want a JSON content type on every state change, bodiless DELETE included.
      ...(method === 'GET' ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function audit(token: string, query = ''): Promise<AuditPage> {
  const res = await send('GET', `/api/audit${query}`, token);
  expect(res.status, await res.clone().text()).toBe(200);
  return envelopeSchema(auditPageSchema).parse(await res.json()).data;
}

const rule = { name: 'Recording stopped', enabled: true, match: { provider: 'proconf' }, when: 'recording.stopped', afterSec: 0, channels: [{ type: 'inapp' }] };

describe('the audit log', () => {
  it('records share links and alert rules with who, what and which, newest first, and never the token', async () => {
    const alice = await moderator('alice');
    const minted = await send('POST', '/api/share-links', alice, { provider: 'proconf', callId: 'standup' });
    expect(minted.status).toBe(200);
    const link = envelopeSchema(shareLinkSchema).parse(await minted.json()).data;
    expect((await send('DELETE', `/api/share-links/${link.id}`, alice)).status).toBe(204);

    const created = await send('POST', '/api/alert-rules', alice, rule);
    expect(created.status).toBe(201);
    const { id } = ((await created.json()) as { data: { id: string } }).data;
    expect((await send('PATCH', `/api/alert-rules/${id}`, alice, { enabled: false })).status).toBe(200);
    expect((await send('POST', `/api/alert-rules/${id}/test`, alice, {})).status).toBe(200);
    expect((await send('DELETE', `/api/alert-rules/${id}`, alice)).status).toBe(200);

    const { entries } = await audit(alice, '?actor=alice');
    expect(entries.map((e) => e.action)).toEqual([
      'alert_rule.deleted',
      'alert_rule.tested',
      'alert_rule.updated',
      'alert_rule.created',
      'share_link.revoked',
      'share_link.created',
    ]);
    expect(entries.every((e) => e.actor.sub === 'alice')).toBe(true);
    const byAction = (action: string) => entries.find((e) => e.action === action) as AuditEntry;
    expect(byAction('share_link.created')).toMatchObject({ target: { type: 'share_link', id: link.id }, details: { room: 'proconf:standup' } });
    expect(byAction('alert_rule.updated')).toMatchObject({ target: { type: 'alert_rule', id }, details: { name: 'Recording stopped', changed: ['enabled'] } });
    const shareToken = new URLSearchParams(new URL(link.url).hash.slice(1)).get('share') ?? 'none';
    expect(JSON.stringify(entries)).not.toContain(shareToken);
    expect(JSON.stringify(entries)).not.toContain(alice);
  });

  it('records recording policies created, changed and deleted, with the policy before and after', async () => {
    const carol = await moderator('carol');
    const policy = { name: 'Trading desk', enabled: true, match: { provider: 'proconf', callId: 'desk-*' }, require: { recording: true, transcription: false }, graceSec: 60, retainDays: 2557 };
    const created = await send('POST', '/api/recording-policies', carol, policy);
    expect(created.status, await created.clone().text()).toBe(201);
    const { id } = ((await created.json()) as { data: { id: string } }).data;
    expect((await send('PATCH', `/api/recording-policies/${id}`, carol, { graceSec: 30 })).status).toBe(200);
    expect((await send('DELETE', `/api/recording-policies/${id}`, carol)).status).toBe(200);

    const { entries } = await audit(carol, '?actor=carol');
    expect(entries.map((e) => e.action)).toEqual(['recording_policy.deleted', 'recording_policy.updated', 'recording_policy.created']);
    const updated = entries.find((e) => e.action === 'recording_policy.updated') as AuditEntry;
    expect(updated).toMatchObject({
      actor: { sub: 'carol' },
      target: { type: 'recording_policy', id },
      details: { before: { graceSec: 60, name: 'Trading desk' }, after: { graceSec: 30 } },
    });
  });

  it('filters by action and pages with nextCursor until there is no more', async () => {
    const bob = await moderator('bob');
    for (let i = 0; i < 3; i++) expect((await send('POST', '/api/share-links', bob, { provider: 'proconf', callId: 'standup' })).status).toBe(200);
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: AuditPage = await audit(bob, `?actor=bob&action=share_link.created&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.entries.length).toBeLessThanOrEqual(2);
      seen.push(...page.entries.map((e) => e.id));
      cursor = page.nextCursor;
    }
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
  });

  it('records a person signing in with a token link and signing out, but not a latecomer opening a share link', async () => {
    const carol = await moderator('carol');
    const exchange = (token: string) =>
      fetch(`${server.url}/auth/session`, { method: 'POST', headers: { origin: server.url, 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
    expect((await exchange(carol)).status).toBe(200);
    expect((await send('POST', '/auth/sign-out', carol)).status).toBe(200);
    const minted = await send('POST', '/api/share-links', carol, { provider: 'proconf', callId: 'standup' });
    const shareToken = new URLSearchParams(new URL(envelopeSchema(shareLinkSchema).parse(await minted.json()).data.url).hash.slice(1)).get('share') ?? '';
    expect((await exchange(shareToken)).status).toBe(200);
    const { entries } = await audit(carol, '?action=auth.signed_in');
    expect(entries.map((e) => [e.actor.sub, e.details.method])).toEqual([['carol', 'token']]);
    expect((await audit(carol, '?actor=carol&action=auth.signed_out')).entries).toHaveLength(1);
  });

  it('refuses participants, bad filters and foreign cursors', async () => {
    const reader = await participant('p-1', ['proconf:standup']);
    expect((await send('GET', '/api/audit', reader)).status).toBe(403);
    expect((await send('GET', '/api/audit.csv', reader)).status).toBe(403);
    const mod = await moderator();
    expect((await send('GET', '/api/audit?action=everything', mod)).status).toBe(400);
    expect((await send('GET', '/api/audit?limit=100000', mod)).status).toBe(400);
    expect((await send('GET', '/api/audit?cursor=not-a-cursor', mod)).status).toBe(400);
    expect((await send('GET', '/api/audit?sort=asc', mod)).status).toBe(400);
  });

  it('exports CSV with the documented columns, details as JSON, and formulas defused', async () => {
    const sly = await moderator('=HYPERLINK("https://evil.example")');
    expect((await send('POST', '/api/share-links', sly, { provider: 'proconf', callId: 'standup' })).status).toBe(200);
    const res = await send('GET', '/api/audit.csv?action=share_link.created', await moderator());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).split('\r\n');
    expect(lines[0]).toBe('at,actor_sub,actor_name,action,target_type,target_id,details');
    const row = lines.find((l) => l.includes('HYPERLINK')) ?? '';
    expect(row).toContain(`"'=HYPERLINK(""https://evil.example"")"`);
    expect(row).toContain('share_link.created,share_link,');
    expect(row).toContain('""room"":""proconf:standup""');
    expect(lines.filter((l) => l.includes('share_link.created')).length).toBeGreaterThanOrEqual(1);
  });
});
