import { describe, expect, it } from 'vitest';
import { CallDetailsCache } from '../../../server/providers/bandwidth/callDetailsCache';
import type { BandwidthCallDetails } from '../../../server/providers/bandwidth/schema';

function setup(failing: Set<string> = new Set()) {
  let now = 0;
  const fetched: string[] = [];
  const recording = new Map<string, boolean>();
  const cache = new CallDetailsCache({
    ttlMs: 60_000,
    now: () => now,
    fetch: async (callId): Promise<BandwidthCallDetails> => {
      fetched.push(callId);
      if (failing.has(callId)) throw new Error('vendor failed');
      return { id: callId, recordingEnabled: recording.get(callId) ?? false };
    },
  });
  return { cache, fetched, recording, advance: (ms: number) => (now += ms) };
}

describe('Bandwidth member-call details cache', () => {
  it('reads one call per snapshot: never-read calls first, then the oldest past its TTL', async () => {
    const { cache, fetched, advance } = setup();
    const calls = ['c-1', 'c-2', 'c-3'];
    for (let i = 0; i < 3; i += 1) await cache.refreshOne('conf', calls);
    expect(fetched).toEqual(['c-1', 'c-2', 'c-3']);
    await cache.refreshOne('conf', calls);
    expect(fetched).toHaveLength(3);
    advance(60_000);
    await cache.refreshOne('conf', calls);
    await cache.refreshOne('conf', calls);
    expect(fetched).toEqual(['c-1', 'c-2', 'c-3', 'c-1', 'c-2']);
  });

  it('shares one refresh between concurrent snapshots of a conference', async () => {
    const { cache, fetched } = setup();
    await Promise.all([cache.refreshOne('conf', ['c-1', 'c-2']), cache.refreshOne('conf', ['c-1', 'c-2'])]);
    expect(fetched).toEqual(['c-1']);
  });

  it('reads a call a webhook named next, keeping its last value meanwhile', async () => {
    const { cache, fetched, recording } = setup();
    await cache.refreshOne('conf', ['c-1']);
    await cache.refreshOne('conf', ['c-1', 'c-2']);
    recording.set('c-1', true);
    cache.invalidate(['c-1']);
    expect(cache.get('c-1')?.recordingEnabled).toBe(false);
    await cache.refreshOne('conf', ['c-1', 'c-2']);
    expect(fetched.at(-1)).toBe('c-1');
    expect(cache.get('c-1')?.recordingEnabled).toBe(true);
  });

  it('counts a failed read as tried, so one broken call does not starve the others', async () => {
    const { cache, fetched } = setup(new Set(['c-1']));
    await cache.refreshOne('conf', ['c-1', 'c-2']);
    await cache.refreshOne('conf', ['c-1', 'c-2']);
    expect(fetched).toEqual(['c-1', 'c-2']);
    expect(cache.get('c-1')).toBeUndefined();
  });
});
