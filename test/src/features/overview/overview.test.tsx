import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { bandwidth, fail, moderator, ok, proconf, snapshot, stubApi } from '../../../support/ui/api';
import { renderApp } from '../../../support/ui/render';

const rooms = [
  { provider: 'proconf', callId: 'standup', state: 'active', startedAt: '2026-11-21T14:00:00.000Z' },
  { provider: 'proconf', callId: 'all-hands', state: 'active', startedAt: '2026-11-21T14:00:00.000Z' },
];

function overviewApi() {
  return stubApi({
    'GET /api/me': ok(moderator),
    'GET /api/providers': ok([proconf, bandwidth]),
    'GET /api/rooms': ok(rooms),
    'GET /api/calls/proconf/standup': ok(snapshot({ recording: 'on', transcription: 'off' })),
    'GET /api/calls/proconf/all-hands': ok(snapshot({ callId: 'all-hands', recording: 'off', transcription: 'unknown', activeParticipants: 12 })),
    'GET /api/calls/bandwidth/conf-7': ok(snapshot({ provider: 'bandwidth', callId: 'conf-7', state: 'ended', activeParticipants: 0 })),
    'GET /api/calls/proconf/board-prep': ok(snapshot({ callId: 'board-prep' })),
  });
}

function card(name: string): HTMLElement {
  const link = screen.getByRole('link', { name });
  const li = link.closest('li');
  if (!li) throw new Error(`no card for ${name}`);
  return li;
}

describe('the rooms overview', () => {
  it('shows a card per live room with state, both indicators, people and freshness', async () => {
    overviewApi();
    renderApp('/');
    await screen.findByRole('link', { name: 'standup' });
    const allHands = card('all-hands');
    await within(allHands).findByRole('img', { name: 'Recording: off' });
    expect(within(allHands).getByRole('img', { name: 'Transcription: unknown' })).toBeInTheDocument();
    expect(allHands).toHaveTextContent('12 people');
    expect(allHands).toHaveTextContent('Live');
    expect(allHands).toHaveTextContent(/updated (just now|\d+ s ago)/);
    await within(card('standup')).findByRole('img', { name: 'Recording: on' });
  });

  it('pins rooms typed as provider:callId or a bare ProCONF name, keeps them, and removes them', async () => {
    const user = userEvent.setup();
    overviewApi();
    const first = renderApp('/');
    await screen.findByRole('link', { name: 'standup' });
    await user.type(screen.getByLabelText('Pin a room'), 'bandwidth:conf-7');
    await user.click(screen.getByRole('button', { name: 'Pin' }));
    await user.type(screen.getByLabelText('Pin a room'), 'board-prep{Enter}');
    await within(card('conf-7')).findByText('Ended');
    expect(card('conf-7')).toHaveTextContent('Bandwidth');
    expect(JSON.parse(localStorage.getItem('roomwatch.pins') ?? '[]')).toEqual(['bandwidth:conf-7', 'proconf:board-prep']);

    // A reload (a new app on the same storage) still has them.
    first.unmount();
    renderApp('/');
    await screen.findByRole('link', { name: 'conf-7' });
    await user.click(within(card('board-prep')).getByRole('button', { name: 'Remove board-prep from pinned rooms' }));
    await waitFor(() => expect(screen.queryByRole('link', { name: 'board-prep' })).not.toBeInTheDocument());
    expect(JSON.parse(localStorage.getItem('roomwatch.pins') ?? '[]')).toEqual(['bandwidth:conf-7']);
  });

  it('reads a prefix this server does not serve as part of a ProCONF room name', async () => {
    const user = userEvent.setup();
    overviewApi();
    renderApp('/');
    await screen.findByRole('link', { name: 'standup' });
    await user.type(screen.getByLabelText('Pin a room'), 'tencent:call-42{Enter}');
    await screen.findByRole('link', { name: 'tencent:call-42' });
    expect(JSON.parse(localStorage.getItem('roomwatch.pins') ?? '[]')).toEqual(['proconf:tencent:call-42']);
  });

  it('refuses a name that cannot be a room and says why', async () => {
    const user = userEvent.setup();
    overviewApi();
    renderApp('/');
    await user.type(await screen.findByLabelText('Pin a room'), '../etc/passwd{Enter}');
    expect(screen.getByRole('alert')).toHaveTextContent('Not a room name');
    expect(localStorage.getItem('roomwatch.pins')).toBe('[]');
  });

  it('keeps pinned rooms on screen when the live list cannot be fetched', async () => {
    localStorage.setItem('roomwatch.pins', JSON.stringify(['proconf:board-prep']));
    stubApi({
      'GET /api/me': ok(moderator),
      'GET /api/providers': ok([proconf]),
      'GET /api/rooms': () => {
        throw new TypeError('Failed to fetch');
      },
      'GET /api/calls/proconf/board-prep': ok(snapshot({ callId: 'board-prep', recording: 'on' })),
    });
    renderApp('/');
    expect(await screen.findByRole('alert')).toHaveTextContent('Connection lost, retrying');
    await within(card('board-prep')).findByRole('img', { name: 'Recording: on' });
  });

  it('opens the room view when a card is clicked', async () => {
    const user = userEvent.setup();
    overviewApi();
    renderApp('/');
    await user.click(await screen.findByRole('link', { name: 'all-hands' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'all-hands' })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/rooms/proconf/all-hands');
  });
});

describe('a card whose vendor is failing', () => {
  it('says what is wrong in words and keeps retrying, instead of a bare status code', async () => {
    stubApi({
      'GET /api/me': ok(moderator),
      'GET /api/providers': ok([proconf]),
      'GET /api/rooms': ok([
        { provider: 'bandwidth', callId: 'conf-1', state: 'active', startedAt: null },
        { provider: 'bandwidth', callId: 'conf-2', state: 'active', startedAt: null },
      ]),
      'GET /api/calls/bandwidth/conf-1': fail(429, 'Too many requests', { 'retry-after': '1' }),
      'GET /api/calls/bandwidth/conf-2': fail(503, 'Upstream unavailable'),
    });
    renderApp('/');
    await screen.findByRole('link', { name: 'conf-1' });
    await within(card('conf-1')).findByText(/Vendor rate limit, retrying/, undefined, { timeout: 8000 });
    await within(card('conf-2')).findByText(/Vendor unavailable, retrying/, undefined, { timeout: 8000 });
    expect(card('conf-1')).not.toHaveTextContent(/Error 429/);
  }, 20_000);
});
