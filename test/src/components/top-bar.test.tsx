import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fail, moderator, ok, proconf, snapshot, stubApi } from '../../support/ui/api';
import { renderApp } from '../../support/ui/render';

describe('the top bar', () => {
  it('says whose session it is: the identity provider’s name', async () => {
    stubApi({
      'GET /api/me': ok({ ...moderator, sub: 'oidc|4711', name: 'Ada Lovelace' }),
      'GET /api/providers': ok([proconf]),
      'GET /api/rooms': ok([]),
    });
    renderApp('/');
    const banner = await screen.findByRole('banner');
    expect(await screen.findByText('Ada Lovelace')).toBeInTheDocument();
    expect(banner).toHaveTextContent('Signed in as Ada Lovelace');
    expect(banner).not.toHaveTextContent('oidc|4711');
  });

  it('names the subject when there is no display name, and a guest for a catch-up link', async () => {
    stubApi({
      'GET /api/me': ok(moderator),
      'GET /api/providers': ok([proconf]),
      'GET /api/rooms': ok([]),
    });
    const first = renderApp('/');
    expect(await screen.findByText('demo-moderator')).toBeInTheDocument();
    first.unmount();

    stubApi({
      'GET /api/me': ok({ sub: 'share-9f2c', role: 'participant', rooms: ['standup'] }),
      'GET /api/providers': ok([proconf]),
      'GET /api/calls/proconf/standup': ok(snapshot()),
      'GET /api/calls/proconf/standup/catch-up': ok({ text: 'Hello', updatedAt: '2026-11-21T10:00:00.000Z' }),
      'GET /api/calls/proconf/standup/history': fail(404, 'Not found'),
    });
    renderApp('/rooms/proconf/standup');
    expect(await screen.findByText('guest (catch-up link)')).toBeInTheDocument();
    expect(screen.queryByText('share-9f2c')).not.toBeInTheDocument();
  });
});
