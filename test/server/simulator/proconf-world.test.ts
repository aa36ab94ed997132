import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../server/simulator/random';
import { ProconfWorld } from '../../../server/simulator/proconf/world';

const start = new Date('2026-11-21T10:00:00.000Z');

function run(seed: number, ticks: number) {
  const world = new ProconfWorld(seededRandom(seed), start);
  for (let i = 1; i <= ticks; i += 1) world.tick(new Date(start.getTime() + i * 1000));
  return [...world.rooms.values()].map((room) => ({ ...room }));
}

describe('the ProCONF demo scenario', () => {
  it('is the same for the same seed and number of ticks', () => {
    expect(run(42, 600)).toEqual(run(42, 600));
  });

  it('differs between seeds', () => {
    expect(run(1, 600)).not.toEqual(run(2, 600));
  });

  it('lives: over ten minutes recording and transcription switch and summaries grow, with rooms always live', () => {
    const world = new ProconfWorld(seededRandom(7), start);
    const initial = new Map([...world.rooms.values()].map((r) => [r.name, { ...r, summary: [...r.summary] }]));
    let recordingChanges = 0;
    for (let i = 1; i <= 600; i += 1) {
      const before = world.live().map((r) => r.recording);
      world.tick(new Date(start.getTime() + i * 1000));
      recordingChanges += world.live().filter((r, index) => before[index] !== undefined && before[index] !== r.recording).length;
      expect(world.live().length).toBeGreaterThanOrEqual(3);
    }
    expect(recordingChanges).toBeGreaterThan(5);
    const grown = [...world.rooms.values()].some((r) => r.summary.length > (initial.get(r.name)?.summary.length ?? 0));
    expect(grown).toBe(true);
  });

  it('starts with the documented demo rooms, one ended room and a quick meeting', () => {
    const world = new ProconfWorld(seededRandom(1), start);
    expect(world.live().map((r) => r.name)).toEqual(['standup', 'design-review', 'all-hands', 'incident-2291', 'quick-sync']);
    expect(world.rooms.get('retro-week-46')?.destroyedAt).not.toBeNull();
  });

  it('ends the quick meeting 45-60 s into the demo, at the same tick for the same seed', () => {
    const endedAt = (seed: number) => {
      const world = new ProconfWorld(seededRandom(seed), start);
      for (let i = 1; i <= 70; i += 1) world.tick(new Date(start.getTime() + i * 1000));
      return world.rooms.get('quick-sync')?.destroyedAt?.getTime();
    };
    const seconds = (ms: number | undefined) => ((ms ?? Number.NaN) - start.getTime()) / 1000;
    for (const seed of [1, 2, 3, 42]) {
      expect(seconds(endedAt(seed))).toBeGreaterThanOrEqual(45);
      expect(seconds(endedAt(seed))).toBeLessThanOrEqual(60);
      expect(endedAt(seed)).toBe(endedAt(seed));
    }
    const world = new ProconfWorld(seededRandom(1), start);
    world.tick(new Date(start.getTime() + 30_000));
    expect(world.rooms.get('quick-sync')?.destroyedAt).toBeNull();
  });

  it('leaves a room set by hand alone: its recording holds and it does not end, while the other rooms still switch', () => {
    const world = new ProconfWorld(seededRandom(1), start);
    const free = new ProconfWorld(seededRandom(1), start);
    world.set('standup', { recording: false });
    let standupFlipsLeftAlone = 0;
    let othersFlips = 0;
    for (let i = 1; i <= 600; i += 1) {
      const at = new Date(start.getTime() + i * 1000);
      const before = free.rooms.get('standup')?.recording;
      const othersBefore = world.live().filter((r) => r.name !== 'standup').map((r) => [r.name, r.recording] as const);
      free.tick(at);
      world.tick(at);
      if (free.rooms.get('standup')?.recording !== before) standupFlipsLeftAlone += 1;
      othersFlips += othersBefore.filter(([name, recording]) => world.rooms.get(name)?.recording !== recording).length;
      expect(world.rooms.get('standup')).toMatchObject({ recording: false, destroyedAt: null });
    }
    // Left alone, the scenario switches standup's recording several times in ten minutes.
    expect(standupFlipsLeftAlone).toBeGreaterThan(3);
    expect(othersFlips).toBeGreaterThan(5);
  });
});
