import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../server/simulator/random';
import { BandwidthWorld } from '../../../server/simulator/bandwidth/world';
import { CometChatWorld } from '../../../server/simulator/cometchat/world';
import { TencentWorld } from '../../../server/simulator/tencent/world';

const START = new Date('2026-01-01T12:00:00.000Z');
const at = (tick: number) => new Date(START.getTime() + tick * 1000);

function run<W>(make: () => W, step: (world: W, now: Date) => void, ticks: number, view: (world: W) => unknown): unknown[] {
  const world = make();
  const seen: unknown[] = [JSON.stringify(view(world))];
  for (let i = 1; i <= ticks; i += 1) {
    step(world, at(i));
    seen.push(JSON.stringify(view(world)));
  }
  return seen;
}

describe('simulated vendor worlds', () => {
  const cases = [
    {
      name: 'Bandwidth',
      trace: (seed: number) =>
        run(() => new BandwidthWorld(seededRandom(seed), START), (w, now) => w.tick(now), 300, (w) => [...w.conferences.values()]),
    },
    {
      name: 'CometChat',
      trace: (seed: number) =>
        run(() => new CometChatWorld(seededRandom(seed), 'app', START), (w, now) => w.tick(now), 300, (w) => [...w.calls.values()]),
    },
    {
      name: 'Tencent',
      trace: (seed: number) => run(() => new TencentWorld(seededRandom(seed), START), (w, now) => w.tick(now), 300, (w) => [...w.calls.values()]),
    },
  ];

  for (const { name, trace } of cases) {
    it(`${name}: the same seed gives the same story, and the story moves`, () => {
      const a = trace(42);
      expect(trace(42)).toEqual(a);
      expect(trace(43)).not.toEqual(a);
      expect(new Set(a).size).toBeGreaterThan(10);
    });
  }

  it('CometChat flips recording and transcription on live calls over time', () => {
    const world = new CometChatWorld(seededRandom(7), 'app', START);
    const flags = new Set<string>();
    for (let i = 1; i <= 600; i += 1) {
      world.tick(at(i));
      for (const call of world.calls.values()) flags.add(`${String(call.hasRecording)}/${String(call.hasTranscription)}`);
    }
    expect(flags).toContain('true/true');
    expect(flags).toContain('false/false');
  });

  it('anchors never end, so printed demo ids keep working', () => {
    const bandwidth = new BandwidthWorld(seededRandom(3), START);
    const tencent = new TencentWorld(seededRandom(3));
    const anchors = [...bandwidth.conferences.values()].filter((c) => c.anchor).map((c) => c.id);
    const tencentAnchors = [...tencent.calls.values()].filter((c) => c.anchor).map((c) => c.callId);
    for (let i = 1; i <= 2000; i += 1) {
      bandwidth.tick(at(i));
      tencent.tick();
    }
    for (const id of anchors) expect(bandwidth.conferences.get(id)?.state).not.toBe('completed');
    for (const id of tencentAnchors) expect(tencent.calls.has(id)).toBe(true);
  });
});
