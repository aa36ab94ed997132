import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CallReport } from '../../../../src/contract';
import { clock } from '../../../../src/lib/time';
import { bandwidth, fail, moderator, ok, proconf, stubApi } from '../../../support/ui/api';
import { renderApp } from '../../../support/ui/render';

const t = (minutes: number) => new Date(Date.parse('2026-11-21T14:00:00.000Z') + minutes * 60_000).toISOString();

const REPORT: CallReport = {
  call: {
    provider: 'bandwidth',
    callId: 'conf-3ec7bdbd72d25af0d1f33609',
    state: 'ended',
    startedAt: t(0),
    endedAt: t(30),
    watchedSince: t(0),
    lastObservedAt: t(30),
    durationSec: 1800,
    peakParticipants: 2,
    recordedSec: 600,
    transcribedSec: 300,
  },
  participants: [
    {
      participantId: 'member-429d2ef3a81ac32e597c2269',
      name: 'Ana',
      intervals: [
        { from: t(1), to: t(12) },
        { from: t(15), to: t(30) },
      ],
      presentSec: 1560,
      presentWhileRecordingSec: 419.6,
      presentWhileTranscribingSec: 300,
    },
    { participantId: 'member-988d59b0c2e1', name: null, intervals: [{ from: t(5), to: t(10) }], presentSec: 300, presentWhileRecordingSec: 0, presentWhileTranscribingSec: 0 },
  ],
  recording: [{ from: t(5), to: t(15) }],
  transcription: [{ from: t(20), to: t(25) }],
  gaps: [{ from: t(12), to: t(13) }],
};

const PATH = '/api/calls/bandwidth/conf-3ec7bdbd72d25af0d1f33609/report';

function reportApi(answer: () => Response) {
  return stubApi({ 'GET /api/me': ok(moderator), 'GET /api/providers': ok([proconf, bandwidth]), [`GET ${PATH}`]: answer });
}

const { createObjectURL, revokeObjectURL } = URL;
afterEach(() => {
  vi.restoreAllMocks();
  Object.assign(URL, { createObjectURL, revokeObjectURL });
});

/** jsdom's Blob has no text(): read it the way older browsers do. */
function readBlob(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}

describe('the call report page', () => {
  it('draws one chart row per participant and gives the same facts as a table with exact seconds', async () => {
    reportApi(() => ok(REPORT));
    renderApp('/calls/bandwidth/conf-3ec7bdbd72d25af0d1f33609/report');
    const table = await screen.findByRole('table', { name: 'Presence per participant, in seconds' });
    expect(screen.getAllByTestId('chart-participant')).toHaveLength(2);
    // Each participant's lane holds one bar per presence interval.
    const [anaLane] = screen.getAllByTestId('chart-participant');
    expect(anaLane?.querySelectorAll('rect.chart-present')).toHaveLength(2);
    expect(anaLane?.querySelectorAll('rect.chart-rec-band')).toHaveLength(1);
    expect(anaLane?.querySelectorAll('rect.chart-gap')).toHaveLength(1);

    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['Ana', `${clock(t(1))}–${clock(t(12))}, ${clock(t(15))}–${clock(t(30))}`, '1560', '420', '300'],
      ['member-988d59b0c2e1', `${clock(t(5))}–${clock(t(10))}`, '300', '0', '0'],
    ]);
    // The table can be reached from the keyboard: its scroll box is in the tab order.
    expect(screen.getByRole('group', { name: 'Presence per participant, in seconds' })).toHaveAttribute('tabindex', '0');
    expect(screen.getByRole('link', { name: 'The table below' })).toHaveAttribute('href', '#presence-table');
  });

  it('exports CSV through the server and JSON from the report it shows', async () => {
    reportApi(() => ok(REPORT));
    renderApp('/calls/bandwidth/conf-3ec7bdbd72d25af0d1f33609/report');
    const csv = await screen.findByRole('link', { name: 'Export CSV' });
    expect(csv).toHaveAttribute('href', '/api/calls/bandwidth/conf-3ec7bdbd72d25af0d1f33609/report.csv');
    expect(csv).toHaveAttribute('download', 'roomwatch-bandwidth-conf-3ec7bdbd72d25af0d1f33609.csv');

    let saved: Blob | null = null;
    const clicked: string[] = [];
    URL.createObjectURL = vi.fn((blob: Blob) => {
      saved = blob;
      return 'blob:report';
    });
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Export JSON' }));
    expect(clicked).toEqual(['roomwatch-bandwidth-conf-3ec7bdbd72d25af0d1f33609.json']);
    expect(saved).not.toBeNull();
    expect(JSON.parse(await readBlob(saved as unknown as Blob))).toEqual(REPORT);
  });

  it('refreshes the report of a live call, and says so', async () => {
    let report: CallReport = { ...REPORT, call: { ...REPORT.call, state: 'active', endedAt: null } };
    const api = reportApi(() => ok(report));
    const { client } = renderApp('/calls/bandwidth/conf-3ec7bdbd72d25af0d1f33609/report');
    expect(await screen.findByText(/The call is live: this report refreshes every 10 s/)).toBeInTheDocument();
    const polling = client.getQueryCache().find({ queryKey: ['calls', 'bandwidth', 'conf-3ec7bdbd72d25af0d1f33609', 'report'] });
    expect(polling?.observers[0]?.options.refetchInterval).toBeInstanceOf(Function);

    report = { ...report, participants: [...report.participants, { ...REPORT.participants[1]!, participantId: 'late-joiner', name: 'Late' }] };
    await act(() => client.refetchQueries({ queryKey: ['calls', 'bandwidth', 'conf-3ec7bdbd72d25af0d1f33609', 'report'] }));
    expect(await screen.findByRole('rowheader', { name: 'Late' })).toBeInTheDocument();
    expect(api.count('GET', PATH)).toBe(2);
  });

  it('explains a call roomwatch has no history of', async () => {
    reportApi(() => fail(404, 'Not found'));
    renderApp('/calls/bandwidth/conf-3ec7bdbd72d25af0d1f33609/report');
    expect(await screen.findByRole('heading', { name: 'No report for this call' })).toBeInTheDocument();
  });
});

describe('the report of an ended ProCONF call', () => {
  const proconfReport: CallReport = {
    ...REPORT,
    call: { ...REPORT.call, provider: 'proconf', callId: 'retro-week-46' },
    participants: [],
  };

  it("shows ProCONF's post-call summary under the chart", async () => {
    stubApi({
      'GET /api/me': ok(moderator),
      'GET /api/providers': ok([proconf, bandwidth]),
      'GET /api/calls/proconf/retro-week-46/report': () => ok(proconfReport),
      'GET /callSummary/retro-week-46': () => ok('## Decisions\n\nShip the **retro** notes on Friday.'),
    });
    renderApp('/calls/proconf/retro-week-46/report');
    const summary = await screen.findByRole('region', { name: 'After the call: ProCONF’s summary' });
    expect(await within(summary).findByText('retro')).toBeInTheDocument();
    expect(within(summary).getByRole('heading', { name: 'Decisions' })).toBeInTheDocument();
  });

  it('says so in one line when ProCONF has none', async () => {
    stubApi({
      'GET /api/me': ok(moderator),
      'GET /api/providers': ok([proconf, bandwidth]),
      'GET /api/calls/proconf/retro-week-46/report': () => ok(proconfReport),
      'GET /callSummary/retro-week-46': () => fail(404, 'Not found'),
    });
    renderApp('/calls/proconf/retro-week-46/report');
    expect(await screen.findByText('ProCONF has no post-call summary for this call (yet).')).toBeInTheDocument();
  });
});
