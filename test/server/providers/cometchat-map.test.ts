import { describe, expect, it } from 'vitest';
import { callSnapshotSchema } from '../../../src/contract/snapshot';
import { classifyCometChat } from '../../../server/providers/cometchat/client';
import { callState, participantState, toRoomSummaries, toSnapshot } from '../../../server/providers/cometchat/map';
import { getCallSchema, listCallsSchema } from '../../../server/providers/cometchat/schema';
import { COMETCHAT_GET_CALL } from '../../support/fixtures/vendor-samples';

const observed = { observedAt: new Date('2026-01-02T03:04:05.000Z'), stale: false };
const SESSION = COMETCHAT_GET_CALL.data.sessionId;

describe('CometChat mapper', () => {
  it('maps the documented Get Call example (two participants who left) exactly', () => {
    const call = getCallSchema.parse(COMETCHAT_GET_CALL).data;
    const snapshot = toSnapshot(SESSION, call, observed);
    expect(snapshot).toEqual({
      provider: 'cometchat',
      callId: SESSION,
      state: 'ended',
      media: 'audio',
      recording: 'off',
      // The example has no hasTranscription: CometChat did not say, so we do not either.
      transcription: 'unknown',
      participants: [
        { id: 'superhero2', state: 'left', joinedAt: '2023-08-18T14:15:32.000Z', leftAt: '2023-08-18T14:15:46.000Z', muted: null, onHold: null },
        { id: 'superhero8', state: 'left', joinedAt: '2023-08-18T14:15:28.000Z', leftAt: '2023-08-18T14:15:44.000Z', muted: null, onHold: null },
      ],
      activeParticipants: 0,
      startedAt: '2023-08-18T14:15:27.000Z',
      endedAt: '2023-08-18T14:15:46.000Z',
      observedAt: '2026-01-02T03:04:05.000Z',
      stale: false,
    });
    expect(callSnapshotSchema.parse(snapshot)).toEqual(snapshot);
  });

  it('maps omitted fields to unknown/null, never off/false', () => {
    const call = getCallSchema.parse({ data: { sessionId: 'v1.us.x.1' } }).data;
    expect(toSnapshot('v1.us.x.1', call, observed)).toMatchObject({
      state: 'unknown',
      media: null,
      recording: 'unknown',
      transcription: 'unknown',
      participants: null,
      activeParticipants: null,
      startedAt: null,
      endedAt: null,
    });
  });

  it('maps hasRecording/hasTranscription true to on', () => {
    const call = getCallSchema.parse({ data: { sessionId: 's', status: 'ongoing', type: 'video', hasRecording: true, hasTranscription: true } }).data;
    expect(toSnapshot('s', call, observed)).toMatchObject({ state: 'active', media: 'video', recording: 'on', transcription: 'on' });
  });

  it('maps every documented status', () => {
    expect(callState('initiated')).toBe('ringing');
    expect(callState('ongoing')).toBe('active');
    for (const status of ['ended', 'unanswered', 'rejected', 'canceled']) expect(callState(status)).toBe('ended');
    expect(callState('something-new')).toBe('unknown');
    expect(callState(undefined)).toBe('unknown');
  });

  it('tells joined, waiting and left participants apart', () => {
    expect(participantState({ uid: 'a', isJoined: true, state: 'ongoing', joinedAt: 1 })).toBe('joined');
    expect(participantState({ uid: 'b', isJoined: false, state: 'initiated' })).toBe('waiting');
    expect(participantState({ uid: 'c', isJoined: false, state: 'rejected' })).toBe('left');
    expect(participantState({ uid: 'd', isJoined: true, joinedAt: 1, leftAt: 2 })).toBe('left');
    expect(participantState({ uid: 'e' })).toBe('waiting');
  });

  it('lists ongoing calls as room summaries, skipping ids the API could never open', () => {
    const page = listCallsSchema.parse({
      data: [
        { sessionId: 'v1.us.app.1', status: 'ongoing', startedAt: 1692368127 },
        { sessionId: '../etc/passwd', status: 'ongoing' },
      ],
      meta: { pagination: { total: 2, count: 2, per_page: 100, current_page: 1, total_pages: 1 } },
    });
    expect(toRoomSummaries(page.data)).toEqual([
      { provider: 'cometchat', callId: 'v1.us.app.1', state: 'active', startedAt: '2023-08-18T14:15:27.000Z' },
    ]);
  });

  it('classifies an AUTH_ERR body as auth and a 429 with Retry-After as rate limited', () => {
    const auth = classifyCometChat({ status: 401, headers: {}, json: { error: { code: 'AUTH_ERR_APIKEY_NOT_FOUND', message: 'x' } } });
    expect(auth?.kind).toBe('auth');
    const limited = classifyCometChat({ status: 429, headers: { 'retry-after': '7' }, json: { error: { code: 'ERR_TOO_MANY_REQUESTS' } } });
    expect(limited?.kind).toBe('rate_limited');
    expect(limited?.options.retryAfterMs).toBe(7000);
    expect(classifyCometChat({ status: 404, headers: {}, json: {} })?.kind).toBe('not_found');
  });
});
