import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Alert, AlertRule } from '../../../../src/contract';
import { ok, fail, moderator, proconf, stubApi } from '../../../support/ui/api';
import { renderApp } from '../../../support/ui/render';

const openAlert: Alert = {
  id: 'a1',
  ruleId: '6f1c0d1e-8a41-4a4f-9f44-2a4b8f3c9b10',
  provider: 'proconf',
  callId: 'standup',
  kind: 'recording.stopped',
  openedAt: '2026-11-21T14:05:00.000Z',
  resolvedAt: null,
  deliveries: [{ channel: 'webhook https://hooks.example.com (opened)', attempts: 3, lastStatus: 'HTTP 500', deliveredAt: null }],
};

const rule: AlertRule = {
  id: '6f1c0d1e-8a41-4a4f-9f44-2a4b8f3c9b10',
  name: 'Standup recording',
  enabled: true,
  match: { provider: 'proconf', callId: 'stand*' },
  when: 'recording.stopped',
  afterSec: 0,
  channels: [{ type: 'inapp' }, { type: 'webhook', url: 'https://hooks.example.com/x' }],
};

describe('alerts in the browser', () => {
  it('shows open alerts at the top of the overview, with ⚠ in the tab title', async () => {
    stubApi({
      'GET /api/me': ok(moderator),
      'GET /api/providers': ok([proconf]),
      'GET /api/rooms': ok([]),
      'GET /api/alerts': ok([openAlert]),
    });
    renderApp('/');
    const region = await screen.findByRole('region', { name: 'Open alerts' });
    expect(await within(region).findByText('1 open alert')).toBeInTheDocument();
    expect(within(region).getByRole('link', { name: 'Recording stopped · proconf standup' })).toHaveAttribute('href', '/rooms/proconf/standup');
    await waitFor(() => expect(document.title.startsWith('⚠ ')).toBe(true));
  });

  it('asks for notification permission only when the button is pressed', async () => {
    const requestPermission = vi.fn(async () => 'granted' as NotificationPermission);
    vi.stubGlobal('Notification', Object.assign(vi.fn(), { permission: 'default', requestPermission }));
    stubApi({
      'GET /api/me': ok(moderator),
      'GET /api/providers': ok([proconf]),
      'GET /api/rooms': ok([]),
      'GET /api/alerts': ok([]),
    });
    renderApp('/');
    const button = await screen.findByRole('button', { name: 'Notify me of new alerts in this browser' });
    expect(requestPermission).not.toHaveBeenCalled();
    await userEvent.click(button);
    expect(requestPermission).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(screen.queryByRole('button', { name: /Notify me/ })).not.toBeInTheDocument());
  });

  it('shows nothing of alerts to a participant', async () => {
    const api = stubApi({
      'GET /api/me': ok({ sub: 'p', role: 'participant', rooms: ['standup'] }),
      'GET /api/providers': ok([proconf]),
      'GET /api/calls/proconf/standup': fail(403, 'Forbidden'),
    });
    renderApp('/rooms/proconf/standup');
    await screen.findByRole('heading');
    expect(screen.queryByRole('region', { name: 'Open alerts' })).not.toBeInTheDocument();
    expect(api.count('GET', '/api/alerts')).toBe(0);
  });

  it('lists alerts with their deliveries and sends a test from a rule', async () => {
    const api = stubApi({
      'GET /api/me': ok(moderator),
      'GET /api/providers': ok([proconf]),
      'GET /api/alerts': ok([openAlert]),
      'GET /api/alert-rules': ok([rule]),
      [`POST /api/alert-rules/${rule.id}/test`]: ok([{ channel: 'webhook https://hooks.example.com (opened)', attempts: 1, lastStatus: 'HTTP 200', deliveredAt: '2026-11-21T14:06:00.000Z' }]),
    });
    renderApp('/alerts');
    expect(await screen.findByRole('heading', { name: 'Alerts', level: 1 })).toBeInTheDocument();
    expect(await screen.findByRole('cell', { name: 'HTTP 500' })).toBeInTheDocument();
    expect(screen.getByRole('cell', { name: 'not yet' })).toBeInTheDocument();
    await userEvent.click(await screen.findByRole('button', { name: 'Send a test' }));
    expect(await screen.findByText(/Test: webhook https:\/\/hooks.example.com \(opened\): delivered \(HTTP 200\)/)).toBeInTheDocument();
    expect(api.seen.find((r) => r.method === 'POST')?.headers['content-type']).toBe('application/json');
  });

  it('refuses a rule with a bad call id pattern before sending it', async () => {
    const api = stubApi({
      'GET /api/me': ok(moderator),
      'GET /api/providers': ok([proconf]),
      'GET /api/alerts': ok([]),
      'GET /api/alert-rules': ok([]),
    });
    renderApp('/alerts');
    await userEvent.click(await screen.findByRole('button', { name: 'New rule' }));
    await userEvent.type(screen.getByLabelText('Name'), 'Bad glob');
    await userEvent.type(screen.getByLabelText(/Call id pattern/), '(a+)+$');
    await userEvent.click(screen.getByRole('button', { name: 'Create rule' }));
    expect(await screen.findByText('Please check: call id pattern.')).toBeInTheDocument();
    expect(api.count('POST', '/api/alert-rules')).toBe(0);
  });
});
