import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../../src/contract';
import { fail, moderator, ok, stubApi } from '../../../support/ui/api';
import { renderApp } from '../../../support/ui/render';

function entry(n: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: `id-${n}`,
    at: new Date(Date.now() - n * 60_000).toISOString(),
    actor: { sub: 'alice', name: 'Alice Moderator' },
    action: 'share_link.created',
    target: { type: 'share_link', id: `link-${n}` },
    details: { room: 'proconf:standup' },
    ...overrides,
  };
}

describe('the Audit page', () => {
  it('lists who changed what in an accessible table, and loads older entries on demand', async () => {
    const api = stubApi({
      'GET /api/me': ok(moderator),
      'GET /api/audit': (request) =>
        request.query.cursor === 'next'
          ? ok({ entries: [entry(3, { action: 'alert_rule.deleted', target: { type: 'alert_rule', id: 'r-1' }, details: {} })], nextCursor: null })
          : ok({ entries: [entry(1), entry(2, { action: 'auth.signed_in', details: { method: 'oidc' } })], nextCursor: 'next' }),
    });
    renderApp('/audit');
    const table = await screen.findByRole('table');
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['When', 'Who', 'What', 'Target', 'Details']);
    expect(within(table).getAllByRole('rowheader')[0]).toHaveTextContent('Alice Moderator (alice)');
    expect(within(table).getByText('Signed in')).toBeInTheDocument();
    expect(screen.getByText('2+ entries')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await within(table).findByText('Alert rule deleted')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
    expect(api.seen.find((r) => r.query.cursor === 'next')).toBeDefined();
  });

  it('keeps its filters in the address and asks the server for them', async () => {
    const api = stubApi({ 'GET /api/me': ok(moderator), 'GET /api/audit': ok({ entries: [], nextCursor: null }) });
    renderApp('/audit?actor=bob');
    expect(await screen.findByText('No entries match these filters.')).toBeInTheDocument();
    fireEvent.change(screen.getByRole('combobox', { name: 'What' }), { target: { value: 'alert_rule.updated' } });
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/audit?actor=bob&action=alert_rule.updated'));
    await waitFor(() => expect(api.seen.some((r) => r.path === '/api/audit' && r.query.action === 'alert_rule.updated' && r.query.actor === 'bob')).toBe(true));
    expect(screen.getByRole('link', { name: 'Download CSV' })).toHaveAttribute('href', '/api/audit.csv?actor=bob&action=alert_rule.updated');
  });

  it('tells a participant it is not theirs to read', async () => {
    stubApi({ 'GET /api/me': ok({ sub: 'p', role: 'participant', rooms: ['standup'] }), 'GET /api/audit': fail(403, 'Forbidden') });
    renderApp('/audit');
    expect(await screen.findByRole('heading', { name: /don't have access/i })).toBeInTheDocument();
  });

  it('is linked from the moderators\' navigation', async () => {
    stubApi({ 'GET /api/me': ok(moderator), 'GET /api/audit': ok({ entries: [], nextCursor: null }) });
    renderApp('/audit');
    expect(await screen.findByRole('link', { name: 'Audit' })).toHaveAttribute('href', '/audit');
  });
});
