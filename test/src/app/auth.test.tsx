import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fail, ok, proconf, snapshot, stubApi } from '../../support/ui/api';
import { renderApp } from '../../support/ui/render';

describe('sessions and access', () => {
  it('sends a visitor without a session to a sign-in page that explains how to get in', async () => {
    stubApi({ 'GET /api/me': fail(401, 'Unauthorized') });
    renderApp('/');
    expect(await screen.findByRole('heading', { name: 'Sign in to roomwatch' })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/signin?reason=session');
    expect(screen.getByText(/Your session has ended or you are not signed in/)).toBeInTheDocument();
    expect(screen.getByText('npm start')).toBeInTheDocument();
    expect(screen.getByText(/ask the room's moderator for a catch-up link/i)).toBeInTheDocument();
  });

  it('tries again by itself when the session check gets no answer at first', async () => {
    let calls = 0;
    stubApi({
      'GET /api/me': () => {
        calls += 1;
        if (calls === 1) throw new TypeError('Failed to fetch');
        return ok({ sub: 'demo-moderator', role: 'moderator', rooms: null });
      },
      'GET /api/providers': ok([proconf]),
      'GET /api/rooms': ok([]),
    });
    renderApp('/');
    expect(await screen.findByRole('alert')).toHaveTextContent('The server is not answering; trying again…');
    expect(await screen.findByRole('heading', { name: 'Rooms' }, { timeout: 4_000 })).toBeInTheDocument();
    expect(calls).toBe(2);
  });

  it('explains a spent sign-in link', () => {
    stubApi({});
    renderApp('/signin?reason=link');
    expect(screen.getByRole('alert')).toHaveTextContent('That sign-in link has already been used or is not valid.');
  });

  it('sends an expired session on a room page to sign-in too', async () => {
    stubApi({
      'GET /api/me': fail(401, 'Unauthorized'),
      'GET /api/providers': fail(401, 'Unauthorized'),
      'GET /api/calls/proconf/standup': fail(401, 'Unauthorized'),
    });
    renderApp('/rooms/proconf/standup');
    expect(await screen.findByRole('heading', { name: 'Sign in to roomwatch' })).toBeInTheDocument();
  });

  it("answers a room the session may not read with \"you don't have access\"", async () => {
    stubApi({
      'GET /api/me': ok({ sub: 'p', role: 'participant', rooms: ['standup'] }),
      'GET /api/providers': ok([proconf]),
      'GET /api/calls/proconf/all-hands': fail(403, 'Forbidden'),
      'GET /api/calls/proconf/all-hands/catch-up': fail(403, 'Forbidden'),
    });
    renderApp('/catch-up/proconf/all-hands');
    expect(await screen.findByRole('heading', { name: "You don't have access to this room" })).toBeInTheDocument();
  });

  it("takes a participant from / straight to its own room's catch-up page", async () => {
    stubApi({
      'GET /api/me': ok({ sub: 'p', role: 'participant', rooms: ['design-review'] }),
      'GET /api/providers': ok([proconf]),
      'GET /api/calls/proconf/design-review': ok(snapshot({ callId: 'design-review' })),
      'GET /api/calls/proconf/design-review/catch-up': ok({ text: 'Design notes.', updatedAt: new Date().toISOString() }),
    });
    renderApp('/');
    expect(await screen.findByText('Design notes.')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/catch-up/proconf/design-review');
  });
});

describe('a sign-in link carrying a token (npm run token -- --link)', () => {
  const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtaWEifQ.c2ln';
  const moderatorIdentity = { sub: 'mia', role: 'moderator', rooms: null };

  function openSignInLink(options: { strict?: boolean } = {}) {
    window.history.replaceState(null, '', `/signin#token=${token}`);
    return renderApp('/signin', options);
  }

  it('sends the token once even when React mounts the page twice (StrictMode, as in development)', async () => {
    let signedIn = false;
    const api = stubApi({
      'GET /api/me': () => (signedIn ? ok(moderatorIdentity) : fail(401, 'Unauthorized')),
      'POST /auth/session': () => {
        signedIn = true;
        return ok(moderatorIdentity);
      },
      'GET /api/providers': ok([proconf]),
      'GET /api/rooms': ok([]),
    });
    openSignInLink({ strict: true });
    expect(await screen.findByRole('heading', { name: 'Rooms' })).toBeInTheDocument();
    expect(api.count('POST', '/auth/session')).toBe(1);
  });

  it('trades the token for a session, drops it from the address bar and lands on the overview', async () => {
    let signedIn = false;
    const api = stubApi({
      'GET /api/me': () => (signedIn ? ok(moderatorIdentity) : fail(401, 'Unauthorized')),
      'POST /auth/session': () => {
        signedIn = true;
        return ok(moderatorIdentity);
      },
      'GET /api/providers': ok([proconf]),
      'GET /api/rooms': ok([{ provider: 'proconf', callId: 'standup', state: 'active', startedAt: null }]),
      'GET /api/calls/proconf/standup': ok(snapshot()),
    });
    openSignInLink();
    expect(await screen.findByRole('link', { name: 'standup' })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent(/^\/$/);
    expect(api.seen.find((r) => r.method === 'POST' && r.path === '/auth/session')?.body).toEqual({ token });
    expect(api.count('POST', '/auth/session')).toBe(1);
    expect(window.location.hash).toBe('');
  });

  it('says plainly when the link has expired or is forged, and forgets the token', async () => {
    stubApi({ 'POST /auth/session': fail(401, 'Unauthorized'), 'GET /api/me': fail(401, 'Unauthorized') });
    openSignInLink();
    expect(await screen.findByText('That sign-in link has expired or is not valid.')).toBeInTheDocument();
    expect(window.location.hash).toBe('');
  });
});
