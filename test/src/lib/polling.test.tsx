import { act, screen } from '@testing-library/react';
import { focusManager } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { vi } from 'vitest';
import { fail, moderator, ok, proconf, snapshot, stubApi } from '../../support/ui/api';
import { renderApp } from '../../support/ui/render';

const SNAPSHOT = '/api/calls/proconf/standup';

async function advance(ms: number) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

beforeEach(() => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
});
afterEach(() => {
  focusManager.setFocused(undefined);
});

function roomApi(snapshotAnswer: () => Response | Promise<Response>) {
  return stubApi({
    'GET /api/me': ok(moderator),
    'GET /api/providers': ok([proconf]),
    [`GET ${SNAPSHOT}`]: snapshotAnswer,
    [`GET ${SNAPSHOT}/catch-up`]: ok({ text: 'x', updatedAt: new Date().toISOString() }),
  });
}

describe('polling', () => {
  it('asks for status every 2 s and catch-up every 10 s', async () => {
    const api = roomApi(() => ok(snapshot()));
    renderApp('/rooms/proconf/standup');
    await screen.findByRole('img', { name: 'Recording: off' });
    const status0 = api.count('GET', SNAPSHOT);
    const catchUp0 = api.count('GET', `${SNAPSHOT}/catch-up`);
    await advance(10_050);
    expect(api.count('GET', SNAPSHOT) - status0).toBe(5);
    expect(api.count('GET', `${SNAPSHOT}/catch-up`) - catchUp0).toBe(1);
  });

  it('pauses in a hidden tab and catches up when the tab is back', async () => {
    const api = roomApi(() => ok(snapshot()));
    renderApp('/rooms/proconf/standup');
    await screen.findByRole('img', { name: 'Recording: off' });
    act(() => focusManager.setFocused(false));
    const hidden = api.count('GET', SNAPSHOT);
    await advance(20_000);
    expect(api.count('GET', SNAPSHOT)).toBe(hidden);
    act(() => focusManager.setFocused(true));
    await advance(10);
    expect(api.count('GET', SNAPSHOT)).toBe(hidden + 1);
  });

  it('backs off on repeated failures, up to 30 s between tries, and recovers at the normal pace', async () => {
    let failing = false;
    const api = roomApi(() => (failing ? fail(503, 'Upstream unavailable') : ok(snapshot())));
    renderApp('/rooms/proconf/standup');
    await screen.findByRole('img', { name: 'Recording: off' });
    failing = true;
    const times: number[] = [];
    const start = Date.now();
    const before = api.count('GET', SNAPSHOT);
    // Record when each request happens over two minutes of failures.
    for (let t = 0; t < 120_000; t += 500) {
      const n = api.count('GET', SNAPSHOT);
      await advance(500);
      if (api.count('GET', SNAPSHOT) > n) times.push(Date.now() - start);
    }
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
    // 2 s doubled per failure: about 4, 8, 16, then capped at 30 s.
    expect(gaps.slice(0, 3).map((g) => Math.round(g / 1000))).toEqual([4, 8, 16]);
    expect(api.count('GET', SNAPSHOT) - before).toBeLessThan(12);
    // Each wait is at least as long as the one before, and none exceeds 30 s.
    gaps.forEach((gap, i) => i > 0 && expect(gap).toBeGreaterThanOrEqual((gaps[i - 1] ?? 0) - 600));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(30_600);
    expect(Math.max(...gaps)).toBeGreaterThanOrEqual(29_400);
    expect(await screen.findByRole('alert')).toHaveTextContent('Connection lost, retrying');

    failing = false;
    await advance(31_000);
    const healed = api.count('GET', SNAPSHOT);
    await advance(4_100);
    expect(api.count('GET', SNAPSHOT) - healed).toBe(2);
  });

  it('waits as long as Retry-After says on a 429', async () => {
    let limited = false;
    const api = roomApi(() => (limited ? fail(429, 'Too many requests', { 'retry-after': '20' }) : ok(snapshot())));
    renderApp('/rooms/proconf/standup');
    await screen.findByRole('img', { name: 'Recording: off' });
    limited = true;
    await advance(2_100);
    const after429 = api.count('GET', SNAPSHOT);
    await advance(19_000);
    expect(api.count('GET', SNAPSHOT)).toBe(after429);
    await advance(1_500);
    expect(api.count('GET', SNAPSHOT)).toBe(after429 + 1);
  });

  it('never has two requests for one query in flight, however slow the answer', async () => {
    const pending: (() => void)[] = [];
    let first = true;
    const api = roomApi(() => {
      if (first) {
        first = false;
        return ok(snapshot());
      }
      return new Promise<Response>((resolve) => pending.push(() => resolve(ok(snapshot()))));
    });
    renderApp('/rooms/proconf/standup');
    await screen.findByRole('img', { name: 'Recording: off' });
    await advance(2_050);
    expect(pending).toHaveLength(1);
    await advance(20_000);
    expect(pending).toHaveLength(1);
    expect(api.count('GET', SNAPSHOT)).toBe(2);
    pending[0]?.();
    await advance(2_050);
    expect(pending).toHaveLength(2);
  });

  it('spreads 20 overview cards over the interval and sends one request per card per interval', async () => {
    const rooms = Array.from({ length: 20 }, (_, i) => ({ provider: 'proconf', callId: `room-${i}`, state: 'active', startedAt: null }));
    const routes: Parameters<typeof stubApi>[0] = {
      'GET /api/me': ok(moderator),
      'GET /api/providers': ok([proconf]),
      'GET /api/rooms': ok(rooms),
    };
    for (const room of rooms) routes[`GET /api/calls/proconf/${room.callId}`] = () => ok(snapshot({ callId: room.callId }));
    const api = stubApi(routes);
    renderApp('/');
    await screen.findByRole('link', { name: 'room-19' });
    const snapshotTimes = () => api.seen.filter((r) => r.path.startsWith('/api/calls/'));
    await advance(2_000);
    // Each card asked once, spread over the interval rather than all in the same instant.
    const firsts = snapshotTimes();
    expect(new Set(firsts.map((r) => r.path)).size).toBe(20);
    const spread = Math.max(...firsts.map((r) => r.at)) - Math.min(...firsts.map((r) => r.at));
    expect(spread).toBeGreaterThanOrEqual(1_500);
    await advance(10_000);
    const perCard = new Map<string, number>();
    for (const r of snapshotTimes()) perCard.set(r.path, (perCard.get(r.path) ?? 0) + 1);
    // About 12 s of polling at 2 s: 6 or 7 requests per card, never a burst of retries.
    for (const count of perCard.values()) expect(count).toBeLessThanOrEqual(7);
    expect(snapshotTimes().length).toBeLessThanOrEqual(140);
  });
});
