import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fail, ok, proconf, snapshot, stubApi, tencent } from '../../../support/ui/api';
import { renderApp } from '../../../support/ui/render';

const participant = { sub: 'share-1', role: 'participant' as const, rooms: ['proconf:standup'] };

function catchUpApi(text: () => string, extra: Parameters<typeof stubApi>[0] = {}) {
  return stubApi({
    'GET /api/me': ok(participant),
    'GET /api/providers': ok([proconf, tencent]),
    'GET /api/calls/proconf/standup': ok(snapshot({ recording: 'on', transcription: 'off' })),
    'GET /api/calls/proconf/standup/catch-up': () => ok({ text: text(), updatedAt: new Date().toISOString() }),
    ...extra,
  });
}

describe('the latecomer catch-up page', () => {
  it('marks what arrived after the page was opened, and only that', async () => {
    let text = '## Opening\nWelcome and agenda.\n\nAlex: the release is ready.';
    catchUpApi(() => text);
    const { client } = renderApp('/catch-up/proconf/standup');
    await screen.findByText('Alex: the release is ready.');
    expect(screen.queryByText('New since you opened')).not.toBeInTheDocument();

    text += '\n\nPriya asked for a **rollback plan**.';
    await act(() => client.refetchQueries({ queryKey: ['calls', 'proconf', 'standup', 'catch-up'] }));

    const fresh = await screen.findByText('rollback plan');
    const block = fresh.closest('section');
    expect(block).toHaveAttribute('data-new', 'true');
    expect(block).toHaveTextContent('New since you opened');
    expect(screen.getAllByText('New since you opened')).toHaveLength(1);
    expect(screen.getByText('Alex: the release is ready.').closest('section')).not.toHaveAttribute('data-new');
  });

  it('renders raw HTML in the summary as inert text: no script, no image, no handler', async () => {
    const hostile = [
      'Agenda <script>window.__pwned = true</script> items.',
      '<img src=x onerror="window.__pwned = true">',
      '[click me](javascript:window.__pwned=true) and [the checklist](https://example.com/list)',
      '![tracker](https://evil.example/pixel.gif)',
    ].join('\n\n');
    catchUpApi(() => hostile);
    const { container } = renderApp('/catch-up/proconf/standup');
    const link = await screen.findByRole('link', { name: 'the checklist' });
    expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    expect(link).toHaveAttribute('target', '_blank');

    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('[onerror]')).toBeNull();
    const js = screen.getByText('click me').closest('a');
    expect(js?.getAttribute('href') ?? '').not.toMatch(/javascript:/i);
    expect((window as unknown as { __pwned?: boolean }).__pwned).toBeUndefined();
  });

  it('says plainly when nothing has been summarised yet', async () => {
    catchUpApi(() => '');
    renderApp('/catch-up/proconf/standup');
    expect(await screen.findByText(/Nothing has been summarised yet/)).toBeInTheDocument();
  });

  it('on a vendor without summaries and without history, shows the live status, never asks for a summary', async () => {
    const api = stubApi({
      'GET /api/me': ok({ ...participant, rooms: ['tencent:c1'] }),
      'GET /api/providers': ok([proconf, tencent]),
      'GET /api/calls/tencent/c1': ok(snapshot({ provider: 'tencent', callId: 'c1', recording: 'unknown', activeParticipants: 4 })),
      'GET /api/calls/tencent/c1/digest': fail(404, 'Room history is off on this server.'),
    });
    renderApp('/catch-up/tencent/c1');
    expect(await screen.findByRole('img', { name: 'Recording: unknown' })).toBeInTheDocument();
    expect(screen.getByText('4 people in the call now')).toBeInTheDocument();
    expect(screen.getByText(/keeps no history of the room/)).toBeInTheDocument();
    expect(screen.queryByText(/nothing to read here/)).not.toBeInTheDocument();
    expect(api.count('GET', '/api/calls/tencent/c1/catch-up')).toBe(0);
  });

  it('says so when this server does not watch that provider at all', async () => {
    stubApi({
      'GET /api/me': ok({ ...participant, rooms: ['bandwidth:conf-1'] }),
      'GET /api/providers': ok([proconf]),
      'GET /api/calls/bandwidth/conf-1': fail(404, 'Not found'),
    });
    renderApp('/catch-up/bandwidth/conf-1');
    expect(await screen.findByText('This server does not watch bandwidth calls.')).toBeInTheDocument();
  });

  it('tells the reader the call is being recorded', async () => {
    catchUpApi(() => 'Point one.');
    renderApp('/catch-up/proconf/standup');
    expect(await screen.findByText('This call is being recorded.')).toBeInTheDocument();
  });
});

describe('opening a share link', () => {
  const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzaGFyZSJ9.c2ln';

  function openShareLink(options: { strict?: boolean } = {}) {
    window.history.replaceState(null, '', `/catch-up/proconf/standup#share=${token}`);
    return renderApp('/catch-up/proconf/standup', options);
  }

  it('sends the token once even when React mounts the page twice (StrictMode, as in development)', async () => {
    let signedIn = false;
    const api = stubApi({
      'GET /api/me': () => (signedIn ? ok(participant) : fail(401, 'Unauthorized')),
      'POST /auth/session': () => {
        signedIn = true;
        return ok(participant);
      },
      'GET /api/providers': ok([proconf]),
      'GET /api/calls/proconf/standup': ok(snapshot()),
      'GET /api/calls/proconf/standup/catch-up': ok({ text: 'What you missed.', updatedAt: new Date().toISOString() }),
    });
    openShareLink({ strict: true });
    expect(await screen.findByText('What you missed.')).toBeInTheDocument();
    expect(api.count('POST', '/auth/session')).toBe(1);
    expect(window.location.hash).toBe('');
  });

  it('trades the token for a session when not signed in, then drops it from the address', async () => {
    let signedIn = false;
    const api = stubApi({
      'GET /api/me': () => (signedIn ? ok(participant) : new Response(JSON.stringify({ data: null, error: { code: 401, message: 'Unauthorized' } }), { status: 401 })),
      'POST /auth/session': () => {
        signedIn = true;
        return ok(participant);
      },
      'GET /api/providers': ok([proconf]),
      'GET /api/calls/proconf/standup': ok(snapshot()),
      'GET /api/calls/proconf/standup/catch-up': ok({ text: 'What you missed.', updatedAt: new Date().toISOString() }),
    });
    openShareLink();
    expect(await screen.findByText('What you missed.')).toBeInTheDocument();
    const exchange = api.seen.find((r) => r.method === 'POST' && r.path === '/auth/session');
    expect(exchange?.body).toEqual({ token });
    expect(exchange?.headers['content-type']).toBe('application/json');
    expect(api.count('POST', '/auth/session')).toBe(1);
    expect(window.location.hash).toBe('');
    expect(window.location.pathname).toBe('/catch-up/proconf/standup');
    // The page's own reads only started once the cookie was there.
    const firstRead = api.seen.findIndex((r) => r.path === '/api/calls/proconf/standup');
    const post = api.seen.findIndex((r) => r.method === 'POST');
    expect(firstRead).toBeGreaterThan(post);
  });

  it('keeps a session that can already read the room and only drops the fragment', async () => {
    const api = stubApi({
      'GET /api/me': ok({ sub: 'demo-moderator', role: 'moderator', rooms: null }),
      'GET /api/providers': ok([proconf]),
      'GET /api/calls/proconf/standup': ok(snapshot()),
      'GET /api/calls/proconf/standup/catch-up': ok({ text: 'Moderator reads too.', updatedAt: new Date().toISOString() }),
    });
    openShareLink();
    expect(await screen.findByText('Moderator reads too.')).toBeInTheDocument();
    expect(api.count('POST', '/auth/session')).toBe(0);
    expect(window.location.hash).toBe('');
  });

  it('says the link has expired or is not valid when the server refuses the token', async () => {
    stubApi({
      'GET /api/me': () => new Response(JSON.stringify({ data: null, error: { code: 401, message: 'Unauthorized' } }), { status: 401 }),
      'POST /auth/session': () => new Response(JSON.stringify({ data: null, error: { code: 401, message: 'Unauthorized' } }), { status: 401 }),
    });
    openShareLink();
    expect(await screen.findByRole('heading', { name: 'This link has expired or is not valid' })).toBeInTheDocument();
    await waitFor(() => expect(window.location.hash).toBe(''));
  });
});
