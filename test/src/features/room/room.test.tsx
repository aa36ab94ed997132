import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { CallSnapshot } from '../../../../src/contract';
import { clock } from '../../../../src/lib/time';
import { moderator, ok, proconf, snapshot, stubApi, tencent, fail } from '../../../support/ui/api';
import { renderApp } from '../../../support/ui/render';

function roomApi(current: () => CallSnapshot | Response) {
  return stubApi({
    'GET /api/me': ok(moderator),
    'GET /api/providers': ok([proconf, tencent]),
    'GET /api/calls/proconf/standup': () => {
      const answer = current();
      return answer instanceof Response ? answer : ok(answer);
    },
    'GET /api/calls/proconf/standup/catch-up': ok({ text: 'First point.', updatedAt: new Date().toISOString() }),
  });
}

describe('the moderator room view', () => {
  it('puts recording in the tab title and lists each change with its time', async () => {
    let now = snapshot({ recording: 'off', observedAt: '2026-11-21T14:03:10.000Z' });
    roomApi(() => now);
    const { client } = renderApp('/rooms/proconf/standup');
    await screen.findByRole('img', { name: 'Recording: off' });
    expect(document.title).toBe('standup · roomwatch');

    now = snapshot({ recording: 'on', transcription: 'on', observedAt: '2026-11-21T14:03:12.000Z' });
    await act(() => client.refetchQueries({ queryKey: ['calls', 'proconf', 'standup', 'snapshot'] }));

    await screen.findByRole('img', { name: 'Recording: on' });
    expect(document.title).toBe('● REC · standup');
    const timeline = screen.getByRole('region', { name: 'Changes since you opened this page' });
    const items = within(timeline).getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toContain(`${clock('2026-11-21T14:03:12.000Z')} recording started`);
    expect(items).toContain(`${clock('2026-11-21T14:03:12.000Z')} transcription started`);
    // The polite live region says it once, for screen-reader users who are not looking.
    const live = screen.getAllByRole('status').find((el) => el.getAttribute('aria-live') === 'polite' && el.textContent !== '');
    expect(live).toHaveTextContent('standup: recording started, transcription started');
  });

  it('keeps the last status on screen with its time when the connection drops', async () => {
    let online = true;
    const observedAt = '2026-11-21T14:03:10.000Z';
    roomApi(() => {
      if (!online) throw new TypeError('Failed to fetch');
      return snapshot({ recording: 'on', observedAt });
    });
    const { client } = renderApp('/rooms/proconf/standup');
    await screen.findByRole('img', { name: 'Recording: on' });
    expect(screen.queryByText(/Connection lost/)).not.toBeInTheDocument();

    online = false;
    await act(() => client.refetchQueries({ queryKey: ['calls', 'proconf', 'standup', 'snapshot'] }));

    expect(await screen.findByRole('alert')).toHaveTextContent(`Connection lost, retrying — showing data from ${clock(observedAt)}`);
    expect(screen.getByRole('img', { name: 'Recording: on' })).toBeInTheDocument();

    online = true;
    await act(() => client.refetchQueries({ queryKey: ['calls', 'proconf', 'standup', 'snapshot'] }));
    await waitFor(() => expect(screen.queryByText(/Connection lost/)).not.toBeInTheDocument());
  });

  it('says so when the BFF serves a stale status because the vendor is failing', async () => {
    const observedAt = '2026-11-21T14:01:00.000Z';
    roomApi(() => snapshot({ stale: true, observedAt }));
    renderApp('/rooms/proconf/standup');
    const banner = await screen.findByRole('alert');
    expect(banner).toHaveTextContent(`ProCONF is not answering; this is the last status it gave, from ${clock(observedAt)}.`);
  });

  it('lists participants with join and leave times when the vendor reports them', async () => {
    stubApi({
      'GET /api/me': ok(moderator),
      'GET /api/providers': ok([proconf, tencent]),
      'GET /api/calls/tencent/call-9': ok(
        snapshot({
          provider: 'tencent',
          callId: 'call-9',
          recording: 'unknown',
          transcription: 'unknown',
          activeParticipants: 1,
          participants: [
            { id: 'alice', state: 'joined', joinedAt: '2026-11-21T14:00:05.000Z', leftAt: null, muted: false, onHold: null },
            { id: 'bob', state: 'left', joinedAt: '2026-11-21T14:00:10.000Z', leftAt: '2026-11-21T14:02:00.000Z', muted: null, onHold: null },
          ],
        }),
      ),
    });
    renderApp('/rooms/tencent/call-9');
    const table = await screen.findByRole('table');
    const bob = within(table).getByRole('row', { name: /bob/ });
    expect(bob).toHaveTextContent(`Left${clock('2026-11-21T14:00:10.000Z')}${clock('2026-11-21T14:02:00.000Z')}`);
    expect(screen.getByText('Tencent does not provide catch-up summaries, so there is nothing to read here.')).toBeInTheDocument();
  });

  it('names a participant by what the vendor calls them, with the id under it', async () => {
    stubApi({
      'GET /api/me': ok(moderator),
      'GET /api/providers': ok([proconf, tencent]),
      'GET /api/calls/tencent/call-7': ok(
        snapshot({
          provider: 'tencent',
          callId: 'call-7',
          activeParticipants: 1,
          participants: [
            { id: 'member-1', state: 'joined', joinedAt: null, leftAt: null, muted: false, onHold: false, name: '+15555551234' },
            { id: 'member-2', state: 'joined', joinedAt: null, leftAt: null, muted: false, onHold: false },
          ],
        }),
      ),
    });
    renderApp('/rooms/tencent/call-7');
    const table = await screen.findByRole('table');
    expect(within(table).getByRole('row', { name: /\+15555551234/ })).toHaveTextContent('member-1');
    expect(within(table).getByRole('row', { name: /member-2/ })).not.toHaveTextContent('+1555');
  });

  it('adds people joining and leaving to the timeline', async () => {
    const alice = { id: 'alice', state: 'joined' as const, joinedAt: '2026-11-21T14:00:05.000Z', leftAt: null, muted: null, onHold: null };
    let now = snapshot({ provider: 'tencent', callId: 'call-9', participants: [alice], activeParticipants: 1 });
    stubApi({
      'GET /api/me': ok(moderator),
      'GET /api/providers': ok([proconf, tencent]),
      'GET /api/calls/tencent/call-9': () => ok(now),
    });
    const { client } = renderApp('/rooms/tencent/call-9');
    await screen.findByRole('table');
    now = snapshot({
      provider: 'tencent',
      callId: 'call-9',
      observedAt: '2026-11-21T14:05:00.000Z',
      activeParticipants: 1,
      participants: [
        { ...alice, state: 'left', leftAt: '2026-11-21T14:04:59.000Z' },
        { id: 'bob', state: 'joined', joinedAt: '2026-11-21T14:04:58.000Z', leftAt: null, muted: null, onHold: null },
      ],
    });
    await act(() => client.refetchQueries({ queryKey: ['calls', 'tencent', 'call-9', 'snapshot'] }));
    const timeline = screen.getByRole('region', { name: 'Changes since you opened this page' });
    await within(timeline).findByText(/alice left/);
    expect(within(timeline).getByText(/bob joined/)).toHaveTextContent(`${clock('2026-11-21T14:05:00.000Z')} bob joined`);
  });

  it('stops promising retries when the vendor no longer knows the call', async () => {
    let gone = false;
    const observedAt = '2026-11-21T14:03:10.000Z';
    roomApi(() => (gone ? fail(404, 'Not found') : snapshot({ observedAt })));
    const { client } = renderApp('/rooms/proconf/standup');
    await screen.findByRole('img', { name: 'Recording: off' });
    gone = true;
    await act(() => client.refetchQueries({ queryKey: ['calls', 'proconf', 'standup', 'snapshot'] }));
    expect(await screen.findByRole('alert')).toHaveTextContent(`The server no longer reports this; stopped checking — showing data from ${clock(observedAt)}`);
  });

  it('copies a catch-up link and says until when it works', async () => {
    const user = userEvent.setup();
    const written: string[] = [];
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: async (text: string) => void written.push(text) },
    });
    const expiresAt = '2026-11-21T17:05:00.000Z';
    const url = 'http://localhost/catch-up/proconf/standup#share=eyJ.token.sig';
    stubApi({
      'GET /api/me': ok(moderator),
      'GET /api/providers': ok([proconf]),
      'GET /api/calls/proconf/standup': ok(snapshot()),
      'GET /api/calls/proconf/standup/catch-up': ok({ text: '', updatedAt: new Date().toISOString() }),
      'POST /api/share-links': ok({ id: 'AAAAAAAAAAAAAAAA', url, expiresAt }),
    });
    renderApp('/rooms/proconf/standup');
    await user.click(await screen.findByRole('button', { name: 'Copy catch-up link' }));
    expect(await screen.findByText(`Copied, valid until ${new Date(expiresAt).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}`)).toBeInTheDocument();
    expect(written).toEqual([url]);
  });

  it('shows the link in a read-only field when the clipboard is not available', async () => {
    const user = userEvent.setup();
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: undefined });
    const url = 'http://localhost/catch-up/proconf/standup#share=eyJ.token.sig';
    const api = stubApi({
      'GET /api/me': ok(moderator),
      'GET /api/providers': ok([proconf]),
      'GET /api/calls/proconf/standup': ok(snapshot()),
      'GET /api/calls/proconf/standup/catch-up': ok({ text: '', updatedAt: new Date().toISOString() }),
      'POST /api/share-links': ok({ id: 'AAAAAAAAAAAAAAAA', url, expiresAt: '2026-11-21T17:05:00.000Z' }),
    });
    renderApp('/rooms/proconf/standup');
    await user.click(await screen.findByRole('button', { name: 'Copy catch-up link' }));
    const field = await screen.findByRole('textbox', { name: /Copy this link/ });
    expect(field).toHaveValue(url);
    expect(field).toHaveAttribute('readonly');
    const post = api.seen.find((r) => r.method === 'POST');
    expect(post?.body).toEqual({ provider: 'proconf', callId: 'standup' });
    expect(post?.headers['content-type']).toBe('application/json');
  });

  it('answers a room outside the session with a plain 403 page', async () => {
    stubApi({
      'GET /api/me': ok({ sub: 'p', role: 'participant', rooms: ['standup'] }),
      'GET /api/providers': ok([proconf]),
      'GET /api/calls/proconf/all-hands': fail(403, 'Forbidden'),
    });
    renderApp('/rooms/proconf/all-hands');
    expect(await screen.findByRole('heading', { name: "You don't have access to this room" })).toBeInTheDocument();
  });
});
