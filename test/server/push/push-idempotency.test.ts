import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SeenEvents } from '../../../server/push/idempotency';
import { trtcCallbackSchema } from '../../../server/providers/tencent/push/schema';
import { mapTencentCallback } from '../../../server/providers/tencent/push/map';
import { TRTC_ENTER_ROOM } from '../../support/fixtures/push-samples';

describe('SeenEvents', () => {
  it('recognises a redelivered event id', () => {
    const seen = new SeenEvents();
    const delivery = mapTencentCallback('1400000001', trtcCallbackSchema.parse(TRTC_ENTER_ROOM), new Date());
    const retry = mapTencentCallback('1400000001', trtcCallbackSchema.parse({ ...TRTC_ENTER_ROOM, CallbackTs: 1 }), new Date());
    expect(seen.add(delivery!.deliveryId)).toBe(true);
    expect(seen.add(retry!.deliveryId)).toBe(false);
    expect(seen.has(delivery!.deliveryId)).toBe(true);
  });

  it('forgets an id whose events could not be applied, so the retry goes through', () => {
    const seen = new SeenEvents();
    seen.add('e1');
    seen.forget('e1');
    expect(seen.add('e1')).toBe(true);
  });

  it('stays within its capacity by forgetting the oldest ids first', () => {
    const seen = new SeenEvents(3);
    for (const id of ['a', 'b', 'c', 'd']) seen.add(id);
    expect(seen.size).toBe(3);
    expect(seen.has('a')).toBe(false);
    expect(['b', 'c', 'd'].every((id) => seen.has(id))).toBe(true);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new SeenEvents(0)).toThrow(RangeError);
    expect(() => new SeenEvents(1.5)).toThrow(RangeError);
  });

  it('property: within capacity, an id is new exactly once, whatever the order of deliveries', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 8 }), { maxLength: 200 }), (ids) => {
        const seen = new SeenEvents(1000);
        const accepted = ids.filter((id) => seen.add(id));
        expect(accepted).toEqual([...new Set(ids)]);
      }),
    );
  });

  it('property: never holds more than its capacity', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.array(fc.string({ maxLength: 4 }), { maxLength: 100 }), (capacity, ids) => {
        const seen = new SeenEvents(capacity);
        for (const id of ids) seen.add(id);
        expect(seen.size).toBeLessThanOrEqual(capacity);
        // The most recent distinct id is always remembered.
        if (ids.length > 0) expect(seen.has(ids.at(-1)!)).toBe(true);
      }),
    );
  });
});
