import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Indicator } from '../../../src/components/Indicator';
import type { Flag } from '../../../src/contract';
import { moderator, ok, proconf, snapshot, stubApi } from '../../support/ui/api';
import { renderApp } from '../../support/ui/render';

describe('recording and transcription indicators', () => {
  it.each<[Flag, string, string]>([
    ['on', 'On', '●'],
    ['off', 'Off', '○'],
    ['unknown', 'Unknown', '?'],
  ])('shows %s with its own words and icon, not colour alone', (value, word, icon) => {
    render(<Indicator label="Recording" value={value} size="large" />);
    const indicator = screen.getByRole('img', { name: `Recording: ${word.toLowerCase()}` });
    expect(indicator).toHaveTextContent(`Recording ${word}`);
    expect(indicator).toHaveTextContent(icon);
  });

  it('never shows a state the vendor does not report as "off"', async () => {
    stubApi({
      'GET /api/me': ok(moderator),
      'GET /api/providers': ok([proconf]),
      'GET /api/calls/proconf/standup': ok(snapshot({ recording: 'unknown', transcription: 'on' })),
      'GET /api/calls/proconf/standup/catch-up': ok({ text: '', updatedAt: new Date().toISOString() }),
    });
    renderApp('/rooms/standup');
    expect(await screen.findByRole('img', { name: 'Recording: unknown' })).toHaveTextContent('Unknown');
    expect(screen.getByRole('img', { name: 'Transcription: on' })).toBeInTheDocument();
    expect(screen.queryByRole('img', { name: 'Recording: off' })).not.toBeInTheDocument();
  });
});
