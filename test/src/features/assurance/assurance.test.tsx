import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AssurancePeriod, CallAssurance, RecordingPolicy } from '../../../../src/contract/assurance';
import type { CallReport } from '../../../../src/contract';
import { bandwidth, ok, proconf, moderator, stubApi } from '../../../support/ui/api';
import { renderApp } from '../../../support/ui/render';

// An arbitrary instant, not a calendar date: every time below is relative to it.
const T0 = 1_800_000_000_000;
const t = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const day = (minutes: number) => t(minutes).slice(0, 10);

const POLICY: RecordingPolicy = {
  id: '0b0f6c9e-3c1a-4d55-9d0f-2f9f6f0c1a11',
  name: 'Trading desk',
  enabled: true,
  match: { provider: 'bandwidth' },
  require: { recording: true, transcription: false },
  graceSec: 60,
  retainDays: 2557,
  createdAt: t(-1000),
};

const row = (callId: string, verdict: AssurancePeriod['calls'][number]['verdict'], coverage: number | null) => ({
  provider: 'bandwidth',
  callId,
  startedAt: t(0),
  endedAt: t(30),
  policyId: verdict === 'not_required' ? null : POLICY.id,
  verdict,
  coverage,
  unrecordedSec: verdict === 'violation' ? 540 : 0,
  unverifiedSec: 0,
});

const PAGE_1: AssurancePeriod = {
  totals: { calls: 2, occupiedSec: 3600, recordedSec: 3060, unrecordedSec: 540, unverifiedSec: 0, coverage: 0.85, violations: 1 },
  days: [{ date: day(0), calls: 2, occupiedSec: 3600, recordedSec: 3060, coverage: 0.85, violations: 1 }],
  calls: [row('desk-1', 'violation', 0.7)],
  nextCursor: 'next',
};
const PAGE_2: AssurancePeriod = { ...PAGE_1, calls: [row('desk-2', 'compliant', 1), row('lobby', 'not_required', null)], nextCursor: null };

afterEach(() => vi.restoreAllMocks());

function assuranceApi() {
  return stubApi({
    'GET /api/me': ok(moderator),
    'GET /api/providers': ok([proconf, bandwidth]),
    'GET /api/recording-policies': ok([POLICY]),
    'POST /api/recording-policies': (request) => ok({ ...POLICY, ...(request.body as object), id: '5d1c0e64-8f4b-4b7e-9a57-0e2b1b6f7a22', createdAt: t(0) }, { status: 201 }),
    'GET /api/assurance': (request) => ok(request.query.cursor === 'next' ? PAGE_2 : PAGE_1),
  });
}

describe('the Assurance page', () => {
  it('shows totals, coverage per day as a table too, and the calls worst first with a link to each report', async () => {
    assuranceApi();
    renderApp('/assurance');
    expect(await screen.findByRole('heading', { name: 'Recording assurance', level: 1 })).toBeInTheDocument();
    const totals = await screen.findByRole('heading', { name: 'Totals' });
    const totalsPanel = totals.closest('section') as HTMLElement;
    expect(within(totalsPanel).getByText('85.0%')).toBeInTheDocument();
    const dayTable = screen.getByRole('table', { name: 'Coverage per day' });
    expect(within(dayTable).getByRole('rowheader', { name: day(0) })).toBeInTheDocument();
    const calls = screen.getByRole('table', { name: 'Calls, worst first' });
    expect(within(calls).getByRole('link', { name: /desk-1/ })).toHaveAttribute('href', '/calls/bandwidth/desk-1/report');
    expect(within(calls).getByText('Violation')).toBeInTheDocument();
    expect(within(calls).getByText('Trading desk')).toBeInTheDocument();
  });

  it('loads more calls in the same order, and keeps the filters in the URL', async () => {
    const api = assuranceApi();
    renderApp('/assurance?from=2030-01-01&to=2030-01-31&verdict=violation');
    await userEvent.click(await screen.findByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(screen.getAllByTestId('assurance-call')).toHaveLength(3));
    expect(screen.getAllByTestId('assurance-call').map((r) => within(r).getByRole('link').textContent)).toEqual(['desk-1', 'desk-2', 'lobby']);
    const asked = api.seen.find((r) => r.path === '/api/assurance');
    expect(asked?.query).toMatchObject({ from: '2030-01-01T00:00:00.000Z', to: '2030-02-01T00:00:00.000Z', verdict: 'violation' });

    await userEvent.selectOptions(screen.getByLabelText('Vendor'), 'bandwidth');
    await waitFor(() => expect(screen.getByTestId('location').textContent).toContain('provider=bandwidth'));
    expect(screen.getByTestId('location').textContent).toContain('verdict=violation');
    await waitFor(() => expect(api.seen.some((r) => r.path === '/api/assurance' && r.query.provider === 'bandwidth')).toBe(true));
  });

  it('lets a moderator create a policy with the contract checked before it is sent', async () => {
    const api = assuranceApi();
    renderApp('/assurance');
    await userEvent.click(await screen.findByRole('button', { name: 'New policy' }));
    const form = screen.getByRole('form', { name: 'New policy' });
    await userEvent.type(within(form).getByLabelText('Name'), 'Sales calls');
    await userEvent.click(within(form).getByLabelText('transcribed'));
    await userEvent.clear(within(form).getByLabelText(/Grace/));
    await userEvent.type(within(form).getByLabelText(/Grace/), '30');
    await userEvent.click(within(form).getByRole('button', { name: 'Create policy' }));
    await screen.findByText('Policy “Sales calls” created.');
    const sent = api.seen.find((r) => r.method === 'POST' && r.path === '/api/recording-policies');
    expect(sent?.body).toEqual({
      name: 'Sales calls',
      enabled: true,
      match: {},
      require: { recording: true, transcription: true },
      graceSec: 30,
      retainDays: 2557,
    });
  });

  it('has a nav link for moderators', async () => {
    assuranceApi();
    renderApp('/assurance');
    expect(await screen.findByRole('link', { name: 'Assurance' })).toHaveAttribute('href', '/assurance');
  });
});

describe('the report shades violations and unverified time', () => {
  const REPORT: CallReport = {
    call: {
      provider: 'bandwidth',
      callId: 'desk-1',
      state: 'ended',
      startedAt: t(-5),
      endedAt: t(30),
      watchedSince: t(0),
      lastObservedAt: t(30),
      durationSec: 2100,
      peakParticipants: 1,
      recordedSec: 1200,
      transcribedSec: 0,
    },
    participants: [{ participantId: 'ann', name: 'Ann', intervals: [{ from: t(0), to: t(30) }], presentSec: 1800, presentWhileRecordingSec: 1200, presentWhileTranscribingSec: 0 }],
    recording: [{ from: t(10), to: t(30) }],
    transcription: [],
    gaps: [],
  };
  const ASSURANCE: CallAssurance = {
    policyId: POLICY.id,
    occupiedSec: 2100,
    recordedSec: 1200,
    unrecordedSec: 600,
    unverifiedSec: 300,
    coverage: 1200 / 2100,
    verdict: 'violation',
    violations: [{ from: t(0), to: t(10), kind: 'not_recorded', participants: ['ann'] }],
    unverifiedIntervals: [{ from: t(-5), to: t(0) }],
  };

  it('hatches the time before watching began, shades the violation, and says who was present', async () => {
    stubApi({
      'GET /api/me': ok(moderator),
      'GET /api/providers': ok([proconf, bandwidth]),
      'GET /api/calls/bandwidth/desk-1/report': ok(REPORT),
      'GET /api/calls/bandwidth/desk-1/assurance': ok(ASSURANCE),
    });
    const { container } = renderApp('/calls/bandwidth/desk-1/report');
    const facts = await screen.findByRole('heading', { name: 'Recording assurance' });
    expect(within(facts.closest('section') as HTMLElement).getByText(/present: ann/)).toBeInTheDocument();
    const titles = [...container.querySelectorAll('rect title')].map((node) => node.textContent ?? '');
    expect(titles.some((title) => title.startsWith('Before roomwatch began watching'))).toBe(true);
    expect(titles.some((title) => title.startsWith('Violation'))).toBe(true);
    expect(titles.some((title) => title.startsWith('Unverified'))).toBe(true);
  });
});
