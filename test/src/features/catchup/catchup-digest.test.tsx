import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Digest, RoomEvent } from '../../../../src/contract';
import { fail, ok, proconf, snapshot, stubApi, tencent } from '../../../support/ui/api';
import { renderApp } from '../../../support/ui/render';

const participant = { sub: 'share:abc', role: 'participant' as const, rooms: ['tencent:c1', 'proconf:retro'] };
const at = (minute: number) => `2026-11-21T14:${String(minute).padStart(2, '0')}:00.000Z`;
const base = { at: at(0), observedAt: at(0) };

function digestOf(overrides: Partial<Digest> = {}): Digest {
  return {
    startedAt: at(0),
    state: 'active',
    recording: { state: 'on', since: at(5) },
    transcription: { state: 'off', since: null },
    participantsNow: 3,
    joinedTotal: 5,
    leftTotal: 2,
    recent: [
      { ...base, seq: 1, kind: 'watch.started', state: 'active', recording: 'off', transcription: 'off', activeParticipants: 2 },
      { ...base, seq: 2, at: at(5), kind: 'recording', from: 'off', to: 'on' },
    ],
    watchedSince: at(0),
    ...overrides,
  };
}

function tencentApi(digest: () => Digest, recording: () => 'on' | 'off' = () => digest().recording.state as 'on' | 'off') {
  return stubApi({
    'GET /api/me': ok(participant),
    'GET /api/providers': ok([proconf, tencent]),
    'GET /api/calls/tencent/c1': () => ok(snapshot({ provider: 'tencent', callId: 'c1', recording: recording(), transcription: 'unknown' })),
    'GET /api/calls/tencent/c1/digest': () => ok(digest()),
  });
}

describe('the digest on the latecomer page', () => {
  it('is the catch-up on a vendor without summaries: start, flags with since when, counts, latest events in words', async () => {
    const api = tencentApi(() => digestOf());
    renderApp('/catch-up/tencent/c1');
    const panel = within(await screen.findByRole('region', { name: 'The call so far' }));
    expect(await panel.findByText('3 people in the call now')).toBeInTheDocument();
    expect(panel.getByText(/^Started at \d\d:\d\d/)).toBeInTheDocument();
    const recording = panel.getByText(/^Recording on since \d\d:\d\d/);
    // Icon and words, never colour alone.
    expect(recording.closest('li')).toHaveAttribute('data-state', 'on');
    expect(recording.closest('li')).toHaveTextContent('●');
    expect(panel.getByText(/^Transcription off since before \d\d:\d\d$/)).toBeInTheDocument();
    expect(panel.getByText('5 joined and 2 left so far')).toBeInTheDocument();
    expect(panel.getByText('Recording started')).toBeInTheDocument();
    expect(screen.queryByText(/nothing to read here/)).not.toBeInTheDocument();
    expect(api.count('GET', '/api/calls/tencent/c1/catch-up')).toBe(0);
  });

  it('updates in place and marks only what arrived after the page opened', async () => {
    let current = digestOf();
    tencentApi(() => current);
    const { client } = renderApp('/catch-up/tencent/c1');
    await screen.findByText('Recording started');
    expect(screen.queryByText('New')).not.toBeInTheDocument();

    const later: RoomEvent[] = [
      { ...base, seq: 3, at: at(9), kind: 'participant.joined', participantId: 'p9', name: null },
      { ...base, seq: 4, at: at(10), kind: 'recording', from: 'on', to: 'off' },
    ];
    current = digestOf({ recording: { state: 'off', since: at(10) }, participantsNow: 4, joinedTotal: 6, recent: [...current.recent, ...later] });
    await act(() => client.refetchQueries({ queryKey: ['calls', 'tencent', 'c1'] }));

    const stopped = await screen.findByText('Recording stopped');
    expect(stopped.closest('li')).toHaveAttribute('data-new', 'true');
    expect(screen.getByText('Someone joined').closest('li')).toHaveAttribute('data-new', 'true');
    expect(screen.getByText('Recording started').closest('li')).not.toHaveAttribute('data-new');
    expect(screen.getAllByText('New')).toHaveLength(2);
    expect(screen.getByText('4 people in the call now')).toBeInTheDocument();
    expect(screen.getByText(/^Recording off since/).closest('li')).toHaveTextContent('○');
  });

  it('never contradicts the live status: when the history lags, the live state shows, without a since', async () => {
    // The history still says "on since 14:05"; the vendor already says off.
    tencentApi(() => digestOf(), () => 'off');
    renderApp('/catch-up/tencent/c1');
    expect(await screen.findByText('Recording off')).toBeInTheDocument();
    expect(screen.queryByText(/^Recording on/)).not.toBeInTheDocument();
  });

  it('says what is not reported rather than guessing', async () => {
    tencentApi(() => digestOf({ participantsNow: null, joinedTotal: 0, leftTotal: 0, startedAt: null, transcription: { state: 'unknown', since: null } }));
    renderApp('/catch-up/tencent/c1');
    expect(await screen.findByText('Number of people: not reported')).toBeInTheDocument();
    expect(screen.getByText('Transcription: not reported').closest('li')).toHaveTextContent('?');
    expect(screen.getByText('In progress; start time not known')).toBeInTheDocument();
    // No participant data at all: "0 joined, 0 left" would mislead, so it is not said.
    expect(screen.queryByText(/joined, .* left/)).not.toBeInTheDocument();
  });
});

describe('an ended ProCONF call on the latecomer page', () => {
  it('shows the digest above ProCONF’s post-call summary', async () => {
    stubApi({
      'GET /api/me': ok(participant),
      'GET /api/providers': ok([proconf, tencent]),
      'GET /api/calls/proconf/retro': ok(snapshot({ callId: 'retro', state: 'ended' })),
      'GET /api/calls/proconf/retro/digest': ok(digestOf({ state: 'ended', participantsNow: 0 })),
      'GET /api/calls/proconf/retro/catch-up': ok({ text: 'Live notes.', updatedAt: at(30) }),
      'GET /callSummary/retro': ok('## Decisions\nShip on Friday.'),
    });
    renderApp('/catch-up/proconf/retro');
    const decisions = await screen.findByText('Ship on Friday.');
    const digest = screen.getByRole('region', { name: 'The call so far' });
    const summary = screen.getByRole('region', { name: /After the call/ });
    expect(summary).toContainElement(decisions);
    // Document order: digest, then the post-call summary.
    expect(digest.compareDocumentPosition(summary) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(within(digest).getByText(/^The call ended\./)).toBeInTheDocument();
  });

  it('says so when ProCONF has no post-call summary', async () => {
    stubApi({
      'GET /api/me': ok(participant),
      'GET /api/providers': ok([proconf, tencent]),
      'GET /api/calls/proconf/retro': ok(snapshot({ callId: 'retro', state: 'ended' })),
      // First seen after it ended: the history knows nothing of its state; the live status does.
      'GET /api/calls/proconf/retro/digest': ok(digestOf({ state: 'unknown', startedAt: null, recent: [] })),
      'GET /api/calls/proconf/retro/catch-up': ok({ text: '', updatedAt: at(30) }),
      'GET /callSummary/retro': fail(404, 'Not found'),
    });
    renderApp('/catch-up/proconf/retro');
    expect(await screen.findByText(/has no post-call summary for this call/)).toBeInTheDocument();
    expect(await screen.findByText('The call ended.')).toBeInTheDocument();
  });
});
