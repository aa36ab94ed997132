import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { HistoryPage, RoomEvent } from '../../../../src/contract';
import { clock, when } from '../../../../src/lib/time';
import { bandwidth, fail, moderator, ok, proconf, snapshot, stubApi, type SeenRequest } from '../../../support/ui/api';
import { renderApp } from '../../../support/ui/render';

const T0 = '2026-11-21T14:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();

function event(seq: number, seconds: number, rest: Record<string, unknown>): RoomEvent {
  return { seq, at: at(seconds), observedAt: at(seconds), ...rest } as RoomEvent;
}

/** The history route answering from `events` as the BFF pages them: `after`, `limit`, `nextAfter`. */
function historyAnswer(events: () => RoomEvent[], watchedSince: string | null = at(0)) {
  return (request: SeenRequest) => {
    const after = Number(request.query.after ?? 0);
    const limit = Number(request.query.limit ?? 100);
    const page = events().filter((e) => e.seq > after).slice(0, limit);
    const last = page.at(-1);
    const body: HistoryPage = { watchedSince, events: page, nextAfter: page.length === limit && last ? last.seq : null };
    return ok(body);
  };
}

function roomApi(history: (request: SeenRequest) => Response, provider = proconf) {
  const id = provider.id === 'proconf' ? 'standup' : 'c-1f2e3d4c5b6a79880a1b2c3d';
  return {
    id,
    api: stubApi({
      'GET /api/me': ok(moderator),
      'GET /api/providers': ok([proconf, bandwidth]),
      [`GET /api/calls/${provider.id}/${id}`]: () => ok(snapshot({ provider: provider.id, callId: id, observedAt: at(600) })),
      [`GET /api/calls/${provider.id}/${id}/catch-up`]: ok({ text: 'First point.', updatedAt: at(600) }),
      [`GET /api/calls/${provider.id}/${id}/history`]: history,
    }),
  };
}

const timelineItems = (region: HTMLElement) => within(region).getAllByRole('listitem').map((li) => li.textContent);

describe('the room timeline from the history', () => {
  it('reaches back to the call start, and says so, when watching began with the vendor start time', async () => {
    const events: RoomEvent[] = [
      event(1, 30, { kind: 'watch.started', state: 'active', recording: 'off', transcription: 'off', activeParticipants: 2, startedAt: at(0) }),
      event(2, 60, { kind: 'recording', from: 'off', to: 'on' }),
      event(3, 90, { kind: 'participant.joined', participantId: 'u-7', name: 'Ana' }),
    ];
    roomApi(historyAnswer(() => events));
    renderApp('/rooms/proconf/standup');

    const timeline = await screen.findByRole('region', { name: `Changes since the call started at ${when(at(0))}` });
    expect(timelineItems(timeline)).toEqual([
      `${clock(at(90))} Ana joined`,
      `${clock(at(60))} recording started`,
      `${clock(at(30))} roomwatch began watching: call is live, recording off, transcription off, 2 people`,
    ]);
  });

  it('counts the change to live as the call start when roomwatch saw it happen', async () => {
    const events: RoomEvent[] = [
      event(1, 0, { kind: 'watch.started', state: 'created', recording: 'off', transcription: 'off', activeParticipants: 0 }),
      event(2, 45, { kind: 'state', from: 'created', to: 'active' }),
    ];
    roomApi(historyAnswer(() => events));
    renderApp('/rooms/proconf/standup');
    await screen.findByRole('region', { name: `Changes since the call started at ${when(at(45))}` });
  });

  it('says "since roomwatch began watching" when the history does not have the call start', async () => {
    const events: RoomEvent[] = [
      event(1, 300, { kind: 'watch.started', state: 'active', recording: 'on', transcription: 'unknown', activeParticipants: null }),
    ];
    roomApi(historyAnswer(() => events, at(300)));
    renderApp('/rooms/proconf/standup');
    const timeline = await screen.findByRole('region', { name: `Changes since roomwatch began watching at ${when(at(300))}` });
    expect(timelineItems(timeline)).toEqual([`${clock(at(300))} roomwatch began watching: call is live, recording on, transcription unknown`]);
  });

  it('shows a gap as a span with its reason in words, never as a quiet stretch', async () => {
    const events: RoomEvent[] = [
      event(1, 0, { kind: 'watch.started', state: 'active', recording: 'on', transcription: 'off', activeParticipants: 1, startedAt: at(0) }),
      event(2, 120, { kind: 'gap.started', reason: 'vendor_unavailable' }),
      event(3, 360, { kind: 'gap.ended', reason: 'vendor_unavailable' }),
      event(4, 400, { kind: 'gap.started', reason: 'not_watching' }),
    ];
    roomApi(historyAnswer(() => events));
    renderApp('/rooms/proconf/standup');
    const timeline = await screen.findByRole('region', { name: /^Changes since the call started/ });
    const items = timelineItems(timeline);
    expect(items[0]).toBe(`${clock(at(400))} – now Gap: roomwatch could not see the room: roomwatch was not running`);
    expect(items[1]).toBe(`${clock(at(120))}–${clock(at(360))} Gap: roomwatch could not see the room: vendor unavailable`);
    expect(items).toHaveLength(3);
  });

  it('pages back through a long history, then polls only for what comes after the last event and appends it', async () => {
    const events: RoomEvent[] = [
      event(1, 0, { kind: 'watch.started', state: 'active', recording: 'off', transcription: 'off', activeParticipants: 0, startedAt: at(0) }),
    ];
    for (let seq = 2; seq <= 620; seq += 1) events.push(event(seq, seq, { kind: 'participant.joined', participantId: `p-${seq}`, name: null }));
    const { api } = roomApi(historyAnswer(() => events));
    const { client } = renderApp('/rooms/proconf/standup');
    const timeline = await screen.findByRole('region', { name: /^Changes since the call started/ });
    await waitFor(() => expect(timelineItems(timeline)).toHaveLength(620));
    const afters = () => api.seen.filter((r) => r.path.endsWith('/history')).map((r) => r.query.after);
    // Two pages back, then every later poll (the page's own 2 s poll may have run on a slow
    // machine) asks only for what comes after the last event it holds.
    expect(afters().slice(0, 2)).toEqual(['0', '500']);
    expect(afters().slice(2).every((after) => after === '620')).toBe(true);

    events.push(event(621, 700, { kind: 'recording', from: 'off', to: 'on' }));
    await act(() => client.refetchQueries({ queryKey: ['calls', 'proconf', 'standup', 'history'] }));

    await waitFor(() => expect(timelineItems(timeline)[0]).toBe(`${clock(at(700))} recording started`));
    expect(timelineItems(timeline)).toHaveLength(621);
    expect(afters()).toContain('620');
    expect(afters().slice(2).every((after) => after === '620' || after === '621')).toBe(true);
  });

  it('falls back to the changes seen since the page opened when the server keeps no history', async () => {
    roomApi(() => fail(404, 'Not found'));
    renderApp('/rooms/proconf/standup');
    const timeline = await screen.findByRole('region', { name: 'Changes since you opened this page' });
    expect(await within(timeline).findByText(/keeps no history of the room/)).toBeInTheDocument();
    await waitFor(() => expect(timelineItems(timeline)[0]).toContain('opened: call is live'));
  });

  it('gives a vendor without summaries a one-line note, with the timeline beside the participants', async () => {
    const events: RoomEvent[] = [
      event(1, 0, { kind: 'watch.started', state: 'active', recording: 'off', transcription: 'off', activeParticipants: 0, startedAt: at(0) }),
    ];
    roomApi(historyAnswer(() => events), bandwidth);
    renderApp('/rooms/bandwidth/c-1f2e3d4c5b6a79880a1b2c3d');
    const note = await screen.findByRole('complementary', { name: 'Catch-up' });
    expect(note).toHaveTextContent('Bandwidth does not provide catch-up summaries');
    expect(screen.queryByRole('region', { name: 'Catch-up summary' })).not.toBeInTheDocument();
    await screen.findByRole('region', { name: /^Changes since the call started/ });
  });
});
