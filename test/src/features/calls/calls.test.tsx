import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { CallRecord, CallsPage } from '../../../../src/contract';
import { bandwidth, moderator, ok, proconf, stubApi, type SeenRequest } from '../../../support/ui/api';
import { renderApp } from '../../../support/ui/render';

function call(overrides: Partial<CallRecord>): CallRecord {
  return {
    provider: 'proconf',
    callId: 'standup',
    state: 'active',
    startedAt: '2026-11-21T14:00:00.000Z',
    endedAt: null,
    watchedSince: '2026-11-21T14:00:05.000Z',
    lastObservedAt: '2026-11-21T14:30:00.000Z',
    durationSec: 1800,
    peakParticipants: null,
    recordedSec: 754,
    transcribedSec: 0,
    ...overrides,
  };
}

function callsApi(answer: (request: SeenRequest) => CallsPage) {
  const api = stubApi({
    'GET /api/me': ok(moderator),
    'GET /api/providers': ok([proconf, bandwidth]),
    'GET /api/calls': (request) => ok(answer(request)),
  });
  const listRequests = () => api.seen.filter((r) => r.path === '/api/calls').map((r) => r.query);
  return { api, listRequests };
}

const location = () => screen.getByTestId('location').textContent;

describe('the Calls page', () => {
  it('lists each call with its vendor, state, times, and links to its room and report', async () => {
    callsApi(() => ({
      calls: [
        call({}),
        call({ provider: 'bandwidth', callId: 'conf-3ec7bdbd72d25af0d1f33609', state: 'ended', endedAt: '2026-11-21T13:10:00.000Z', durationSec: 3725, peakParticipants: 4, recordedSec: 0, transcribedSec: 61 }),
      ],
      nextCursor: null,
    }));
    renderApp('/calls');
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    const ended = rows[1] as HTMLElement;
    expect(ended).toHaveTextContent('Bandwidth');
    expect(ended).toHaveTextContent('Ended');
    expect(ended).toHaveTextContent('1 h 02 min');
    expect(ended).toHaveTextContent('1 min 01 s');
    expect(within(ended).getByRole('link', { name: 'conf-3ec7bdbd72d25af0d1f33609' })).toHaveAttribute('href', '/rooms/bandwidth/conf-3ec7bdbd72d25af0d1f33609');
    expect(within(ended).getByRole('link', { name: 'Report of conf-3ec7bdbd72d25af0d1f33609' })).toHaveAttribute(
      'href',
      '/calls/bandwidth/conf-3ec7bdbd72d25af0d1f33609/report',
    );
    expect(rows[0]).toHaveTextContent('12 min 34 s');
  });

  it('sends the vendor, status and (debounced) id search to the server and keeps them in the address', async () => {
    const { listRequests } = callsApi(() => ({ calls: [call({})], nextCursor: null }));
    renderApp('/calls');
    await screen.findByRole('table');
    expect(listRequests()[0]).toEqual({ status: 'all', limit: '25' });

    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('Vendor'), 'bandwidth');
    await user.selectOptions(screen.getByLabelText('Status'), 'ended');
    await waitFor(() => expect(listRequests().at(-1)).toEqual({ status: 'ended', provider: 'bandwidth', limit: '25' }));
    expect(location()).toBe('/calls?provider=bandwidth&status=ended');

    await user.type(screen.getByLabelText('Call id'), 'stand');
    await waitFor(() => expect(listRequests().at(-1)?.q).toBe('stand'));
    // One request for the whole word, none for "s", "st", …
    expect(listRequests().filter((q) => q.q !== undefined).map((q) => q.q)).toEqual(['stand']);
    expect(location()).toBe('/calls?provider=bandwidth&status=ended&q=stand');
  });

  it('opens with the filters a shared link carries', async () => {
    const { listRequests } = callsApi(() => ({ calls: [call({})], nextCursor: null }));
    renderApp('/calls?status=live&provider=bandwidth&q=conf');
    await screen.findByRole('table');
    expect(listRequests()[0]).toEqual({ status: 'live', provider: 'bandwidth', q: 'conf', limit: '25' });
    expect(screen.getByLabelText('Call id')).toHaveValue('conf');
    expect(screen.getByLabelText('Status')).toHaveValue('live');
  });

  it('clears the search field when the address drops the search (the top bar link), and does not put it back', async () => {
    const { listRequests } = callsApi(() => ({ calls: [call({})], nextCursor: null }));
    renderApp('/calls?q=stand');
    await screen.findByRole('table');
    await userEvent.setup().click(screen.getByRole('link', { name: 'Calls' }));
    await waitFor(() => expect(screen.getByLabelText('Call id')).toHaveValue(''));
    // Longer than the debounce: the old search must not come back.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(location()).toBe('/calls');
    expect(listRequests().at(-1)?.q).toBeUndefined();
  });

    it('pages with the server cursor: "Load more" asks for the next page and keeps the first', async () => {
    const { listRequests } = callsApi((request) =>
      request.query.cursor === 'page-2'
        ? { calls: [call({ callId: 'older-call' })], nextCursor: null }
        : { calls: [call({ callId: 'newest-call' })], nextCursor: 'page-2' },
    );
    renderApp('/calls');
    await screen.findByRole('link', { name: 'newest-call' });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Load more calls' }));
    await screen.findByRole('link', { name: 'older-call' });
    expect(screen.getByRole('link', { name: 'newest-call' })).toBeInTheDocument();
    expect(listRequests().map((q) => q.cursor)).toEqual([undefined, 'page-2']);
    expect(screen.queryByRole('button', { name: 'Load more calls' })).not.toBeInTheDocument();
  });

  it('says so in words when nothing matches, and when nothing was watched yet', async () => {
    callsApi(() => ({ calls: [], nextCursor: null }));
    const first = renderApp('/calls?q=nope');
    expect(await screen.findByText('No calls match these filters.')).toBeInTheDocument();
    first.unmount();
    renderApp('/calls');
    expect(await screen.findByText(/roomwatch has not watched any calls yet/)).toBeInTheDocument();
  });

  it('is linked from the top bar for moderators', async () => {
    stubApi({ 'GET /api/me': ok(moderator), 'GET /api/providers': ok([proconf]), 'GET /api/rooms': ok([]) });
    renderApp('/');
    const link = await screen.findByRole('link', { name: 'Calls' });
    expect(link).toHaveAttribute('href', '/calls');
  });
});
