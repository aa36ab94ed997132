import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './harness';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('the server as `npm start` runs it', () => {
  it('prints a sign-in link that signs in once, then refuses', async () => {
    const first = await fetch(server.signInUrl, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/');
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/roomwatch_session=.+; .*HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);

    const me = await fetch(`${server.url}/api/me`, { headers: { cookie: cookie.split(';')[0] ?? '' } });
    expect(await me.json()).toEqual({ error: null, data: { sub: 'demo-moderator', role: 'moderator', rooms: null } });

    const again = await fetch(server.signInUrl, { redirect: 'manual' });
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe('/signin?reason=link');
    expect(again.headers.get('set-cookie')).toBeNull();
  });

  it('serves the production UI on client routes and the JSON 404 elsewhere', async () => {
    const page = await fetch(`${server.url}/rooms/proconf/standup`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const missing = await fetch(`${server.url}/no/such/thing`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ data: null, error: { code: 404, message: 'Not found' } });
  });

  it('never prints the session token or simulator credentials', () => {
    expect(server.output()).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
  });
});
