import { describe, expect, it } from 'vitest';
import { place, ticks } from '../../../../src/features/report/timeScale';
import { clock, clockShort } from '../../../../src/lib/time';

const at = (iso: string) => Date.parse(iso);

describe('the report chart time axis', () => {
  it('puts ticks on whole five minutes for a half-hour call at desktop width, labelled hh:mm', () => {
    const span = { start: at('2026-11-21T14:02:10Z'), end: at('2026-11-21T14:32:10Z') };
    const marks = ticks(span, 640);
    expect(marks.map((m) => m.at)).toEqual([5, 10, 15, 20, 25, 30].map((min) => at(`2026-11-21T14:${String(min).padStart(2, '0')}:00Z`)));
    expect(marks.map((m) => m.label)).toEqual(marks.map((m) => clockShort(m.at)));
    expect(marks.every((m) => m.x > 0 && m.x < 100)).toBe(true);
  });

  it('thins the ticks on a phone, and shows seconds when the call is short', () => {
    const half = { start: at('2026-11-21T14:00:00Z'), end: at('2026-11-21T14:30:00Z') };
    expect(ticks(half, 200).length).toBeLessThanOrEqual(3);
    expect(ticks(half, 200).length).toBeGreaterThanOrEqual(2);
    const short = { start: at('2026-11-21T14:00:00Z'), end: at('2026-11-21T14:01:00Z') };
    const marks = ticks(short, 640);
    expect(marks[1]?.label).toBe(clock(marks[1]?.at ?? 0));
  });

  it('places an open interval up to the end of the span', () => {
    const span = { start: at('2026-11-21T14:00:00Z'), end: at('2026-11-21T14:10:00Z') };
    expect(place({ from: '2026-11-21T14:05:00Z', to: null }, span)).toEqual({ x: 50, width: 50 });
    expect(place({ from: '2026-11-21T13:00:00Z', to: '2026-11-21T14:01:00Z' }, span)).toEqual({ x: 0, width: 10 });
  });
});
