import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../support/upstreamHarness';

describe('ETag and 304', () => {
  let h: Harness;
  beforeAll(async () => {
    // Catch-up uncached, so a change at the vendor shows in the next answer.
    h = await startHarness({ UPSTREAM_CATCHUP_TTL_MS: '0' });
  });
  afterAll(() => h.close());

  it('tags JSON answers and answers a matching If-None-Match with a bodiless 304', async () => {
    const first = await h.get('/callStatus?roomName=standup');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    const body = await first.text();

    const again = await h.get('/callStatus?roomName=standup', { 'if-none-match': etag ?? '' });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');

    const other = await h.get('/callStatus?roomName=standup', { 'if-none-match': '"something-else"' });
    expect(other.status).toBe(200);
    expect(await other.text()).toBe(body);
  });

  it('sends the new body with a new tag when the data changed', async () => {
    const before = await h.get('/api/calls/proconf/design-review/catch-up');
    const etag = before.headers.get('etag') ?? '';
    h.sim.proconf.set('design-review', { append: 'A new paragraph.' });
    const after = await h.get('/api/calls/proconf/design-review/catch-up', { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect(((await after.json()) as { data: { text: string } }).data.text).toContain('A new paragraph.');
  });

  it('keeps a ProCONF answer\'s tag while the vendor\'s answer stands, and changes body and tag with it', async () => {
    // These answers are serialized once per vendor answer (server/reply.ts): a stale memo would show here.
    const path = '/callCatchUp/design-review';
    const first = await h.get(path);
    const etag = first.headers.get('etag') ?? '';
    const again = await h.get(path, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);

    h.sim.proconf.set('design-review', { append: 'Another paragraph for the app server.' });
    // On a loaded machine one vendor read can fail and the last answer is served (stale-if-error,
    // still a 304): the change must show within a few polls, with a new tag.
    let changed = await h.get(path, { 'if-none-match': etag });
    for (let poll = 0; changed.status === 304 && poll < 20; poll += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      changed = await h.get(path, { 'if-none-match': etag });
    }
    expect(changed.status).toBe(200);
    const tag = changed.headers.get('etag');
    expect(tag).not.toBe(etag);
    expect(((await changed.json()) as { data: string }).data).toContain('Another paragraph for the app server.');
    expect((await h.get(path, { 'if-none-match': tag ?? '' })).status).toBe(304);
  });

  it('answers a HEAD with the tag and no body, and a 304 carries no JSON', async () => {
    const tagged = await h.get('/callStatus?roomName=standup');
    const etag = tagged.headers.get('etag') ?? '';
    const head = await fetch(`${h.bff}/callStatus?roomName=standup`, { method: 'HEAD', headers: { authorization: `Bearer ${h.token}` } });
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBe(etag);
    expect(await head.text()).toBe('');
    const notModified = await h.get('/callStatus?roomName=standup', { 'if-none-match': `W/${etag}` });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('content-type')).toBeNull();
  });

  it('never tags errors', async () => {
    const unauthorized = await fetch(`${h.bff}/api/calls/proconf/design-review`);
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get('etag')).toBeNull();
    expect(unauthorized.headers.get('cache-control')).toBe('no-store');
  });
});
