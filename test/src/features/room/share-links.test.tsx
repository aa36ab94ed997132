import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ActiveShareLink } from '../../../../src/contract';
import { fail, moderator, ok, proconf, snapshot, stubApi, tencent } from '../../../support/ui/api';
import { renderApp } from '../../../support/ui/render';

const inAnHour = () => new Date(Date.now() + 60 * 60_000).toISOString();
const link = (id: string, callId: string, mintedBy: string): ActiveShareLink => ({
  id,
  provider: 'proconf',
  callId,
  mintedBy,
  createdAt: new Date(Date.now() - 5 * 60_000).toISOString(),
  expiresAt: inAnHour(),
});

function roomApi(links: () => ActiveShareLink[], revoke: (id: string) => Response = () => new Response(null, { status: 204 })) {
  return stubApi({
    'GET /api/me': ok(moderator),
    'GET /api/providers': ok([proconf, tencent]),
    'GET /api/calls/proconf/standup': ok(snapshot()),
    'GET /api/calls/proconf/standup/catch-up': ok({ text: 'First point.', updatedAt: new Date().toISOString() }),
    'GET /api/share-links': () => ok(links()),
    'DELETE /api/share-links/AAAAAAAAAAAAAAAA': () => revoke('AAAAAAAAAAAAAAAA'),
  });
}

describe('share links on the room page', () => {
  it('lists this room’s links with who made them, and revokes one with its button', async () => {
    let links = [link('AAAAAAAAAAAAAAAA', 'standup', 'alice'), link('BBBBBBBBBBBBBBBB', 'standup', 'bob'), link('CCCCCCCCCCCCCCCC', 'all-hands', 'carol')];
    const api = roomApi(() => links, () => {
      links = links.filter((l) => l.id !== 'AAAAAAAAAAAAAAAA');
      return new Response(null, { status: 204 });
    });
    renderApp('/rooms/proconf/standup');
    const panel = await screen.findByRole('region', { name: 'Catch-up links in use (2)' });
    expect(within(panel).getByText('alice')).toBeInTheDocument();
    expect(within(panel).getByText('bob')).toBeInTheDocument();
    expect(within(panel).queryByText('carol')).not.toBeInTheDocument();

    await userEvent.click(within(panel).getByRole('button', { name: /Revoke the link made by alice/ }));
    await screen.findByRole('region', { name: 'Catch-up links in use (1)' });
    expect(api.count('DELETE', '/api/share-links/AAAAAAAAAAAAAAAA')).toBe(1);
    expect(screen.queryByText('alice')).not.toBeInTheDocument();
  });

  it('says so when a revoke fails, and keeps the link listed', async () => {
    roomApi(() => [link('AAAAAAAAAAAAAAAA', 'standup', 'alice')], () => fail(500, 'Internal server error'));
    renderApp('/rooms/proconf/standup');
    const panel = await screen.findByRole('region', { name: 'Catch-up links in use (1)' });
    await userEvent.click(within(panel).getByRole('button', { name: /Revoke/ }));
    expect(await within(panel).findByRole('alert')).toHaveTextContent('Could not revoke the link');
    expect(within(panel).getByText('alice')).toBeInTheDocument();
  });

  it('is not shown to a participant, who is never asked for the list', async () => {
    const api = stubApi({
      'GET /api/me': ok({ sub: 'share:x', role: 'participant', rooms: ['proconf:standup'] }),
      'GET /api/providers': ok([proconf, tencent]),
      'GET /api/calls/proconf/standup': ok(snapshot()),
      'GET /api/calls/proconf/standup/catch-up': ok({ text: 'First point.', updatedAt: new Date().toISOString() }),
    });
    renderApp('/rooms/proconf/standup');
    await screen.findByText('First point.');
    // Once the page knows who this is (the participant's view has no share button either).
    await waitFor(() => expect(api.count('GET', '/api/me')).toBeGreaterThan(0));
    expect(screen.queryByRole('button', { name: /link/i })).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: /Catch-up links/ })).not.toBeInTheDocument();
    expect(api.count('GET', '/api/share-links')).toBe(0);
  });
});
