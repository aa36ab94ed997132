import { describe, expect, it } from 'vitest';
import { callSnapshotSchema } from '../../../src/contract/snapshot';
import { classifyTencent, kindForTencentCode } from '../../../server/providers/tencent/client';
import { toSnapshot } from '../../../server/providers/tencent/map';
import { getCallInfoSchema } from '../../../server/providers/tencent/schema';
import { TENCENT_GET_CALL_INFO } from '../../support/fixtures/vendor-samples';

const observed = { observedAt: new Date('2026-01-02T03:04:05.000Z'), stale: false };
const CALL = TENCENT_GET_CALL_INFO.Response.CallInfo.CallId;

describe('Tencent mapper', () => {
  it('maps the documented example (one Calling, one Waiting) exactly', () => {
    const info = getCallInfoSchema.parse(TENCENT_GET_CALL_INFO).Response;
    const snapshot = toSnapshot(CALL, info, observed);
    expect(snapshot).toEqual({
      provider: 'tencent',
      callId: CALL,
      state: 'active',
      media: 'audio',
      recording: 'unknown',
      transcription: 'unknown',
      participants: [
        { id: 'user1', state: 'joined', joinedAt: null, leftAt: null, muted: null, onHold: null },
        { id: 'user2', state: 'waiting', joinedAt: null, leftAt: null, muted: null, onHold: null },
      ],
      activeParticipants: 1,
      startedAt: null,
      endedAt: null,
      observedAt: '2026-01-02T03:04:05.000Z',
      stale: false,
    });
    expect(callSnapshotSchema.parse(snapshot)).toEqual(snapshot);
  });

  it('is ringing while nobody is Calling, and media is null when MediaType is omitted', () => {
    const info = getCallInfoSchema.parse({
      ErrorCode: 0,
      ActionStatus: 'OK',
      Response: { CallInfo: { CallId: 'c1' }, UserList: [{ User_Account: 'a', Status: 'Waiting' }] },
    }).Response;
    expect(toSnapshot('c1', info, observed)).toMatchObject({ state: 'ringing', media: null, activeParticipants: 0 });
  });

  it('maps Video to video', () => {
    const info = getCallInfoSchema.parse({
      ErrorCode: 0,
      ActionStatus: 'OK',
      Response: { CallInfo: { CallId: 'c2', MediaType: 'Video' }, UserList: [] },
    }).Response;
    expect(toSnapshot('c2', info, observed).media).toBe('video');
  });

  it('treats HTTP 200 with ActionStatus FAIL as a failure of the right kind', () => {
    const fail = (code: number) => classifyTencent({ status: 200, headers: {}, json: { ActionStatus: 'FAIL', ErrorCode: code, ErrorInfo: 'secret-ish text' } });
    expect(fail(101004)?.kind).toBe('not_found');
    expect(fail(101002)?.kind).toBe('bad_request');
    for (const code of [70001, 70003, 70009]) expect(fail(code)?.kind).toBe('auth');
    for (const code of [60006, 60007, 60011]) {
      expect(fail(code)?.kind).toBe('rate_limited');
      expect(fail(code)?.options.retryAfterMs).toBe(1000);
    }
    expect(fail(101001)?.kind).toBe('unavailable');
    expect(kindForTencentCode(12345)).toBe('unavailable');
    // Vendor text stays out of the detail that gets logged.
    expect(fail(101004)?.detail).not.toContain('secret-ish');
    expect(classifyTencent({ status: 200, headers: {}, json: TENCENT_GET_CALL_INFO })).toBeNull();
    expect(classifyTencent({ status: 502, headers: {}, json: undefined })?.kind).toBe('unavailable');
  });
});
