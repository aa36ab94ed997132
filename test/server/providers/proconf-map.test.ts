import { describe, expect, it } from 'vitest';
import { callSnapshotSchema } from '../../../src/contract/snapshot';
import { callStatusEnvelopeSchema, callCatchUpEnvelopeSchema } from '../../../src/contract/proconfAppServer';
import { callCatchUpSchema, meetingsSchema, proconfErrorSchema, sessionsStatusSchema } from '../../../server/providers/proconf/schema';
import { toRoomSummaries, toSnapshot } from '../../../server/providers/proconf/map';

// The sample bodies exactly as ProCONF's callStatus and callCatchUp reference pages print them.
const STATUS_SAMPLE = `{
"error": null,
"data": {
"transcript_status": false,
"recording_status": false
}
}`;
const CATCH_UP_SAMPLE = `{
"error": null,
"data": "Meeting Summary content"
}`;
const ERROR_500_SAMPLE = `{
"error": {
"code": 500,
"message": "Internal server error"
},
"data": null
}`;
// The admin meetings list (docs/vendors.md): live rooms have destroyed_at null.
const MEETINGS_SAMPLE = {
  error: null,
  data: [
    { room_name: 'standup', unique_id: 'u-1', created_at: '2026-11-21T10:00:00.000Z', destroyed_at: null },
    { room_name: 'retro', unique_id: 'u-2', created_at: '2026-11-21T08:00:00Z', destroyed_at: '2026-11-21T09:00:00Z' },
    { room_name: '../etc', unique_id: 'u-3', created_at: '2026-11-21T08:00:00Z', destroyed_at: null },
  ],
};
const observed = { observedAt: new Date('2026-11-21T10:05:00.000Z'), stale: false };

describe('ProCONF admin sample bodies', () => {
  it('parse with the vendor schemas, and the app-server answers are the same envelopes', () => {
    const status = sessionsStatusSchema.parse(JSON.parse(STATUS_SAMPLE));
    expect(status.data).toEqual({ transcript_status: false, recording_status: false });
    expect(callStatusEnvelopeSchema.parse(JSON.parse(STATUS_SAMPLE))).toEqual(JSON.parse(STATUS_SAMPLE));
    expect(callCatchUpSchema.parse(JSON.parse(CATCH_UP_SAMPLE)).data).toBe('Meeting Summary content');
    expect(callCatchUpEnvelopeSchema.parse(JSON.parse(CATCH_UP_SAMPLE)).data).toBe('Meeting Summary content');
    expect(proconfErrorSchema.parse(JSON.parse(ERROR_500_SAMPLE)).error.code).toBe(500);
  });

  it('an error envelope is not mistaken for a status', () => {
    expect(sessionsStatusSchema.safeParse(JSON.parse(ERROR_500_SAMPLE)).success).toBe(false);
  });

  it('maps status + meeting to a CallSnapshot: booleans to on/off, no participants or media', () => {
    const meetings = meetingsSchema.parse(MEETINGS_SAMPLE).data;
    const snapshot = toSnapshot('standup', { transcript_status: true, recording_status: false }, meetings[0], observed);
    expect(snapshot).toEqual({
      provider: 'proconf',
      callId: 'standup',
      state: 'active',
      media: null,
      recording: 'off',
      transcription: 'on',
      participants: null,
      activeParticipants: null,
      startedAt: '2026-11-21T10:00:00.000Z',
      endedAt: null,
      observedAt: '2026-11-21T10:05:00.000Z',
      stale: false,
    });
    expect(callSnapshotSchema.parse(snapshot)).toEqual(snapshot);
  });

  it('an ended meeting is ended with its end time; a room the list does not name is unknown, not guessed', () => {
    const meetings = meetingsSchema.parse(MEETINGS_SAMPLE).data;
    const ended = toSnapshot('retro', { transcript_status: false, recording_status: false }, meetings[1], observed);
    expect(ended).toMatchObject({ state: 'ended', endedAt: '2026-11-21T09:00:00.000Z' });
    const unlisted = toSnapshot('ghost', { transcript_status: false, recording_status: true }, undefined, observed);
    expect(unlisted).toMatchObject({ state: 'unknown', startedAt: null, endedAt: null, recording: 'on' });
  });

  it('lists only live rooms whose names the API could open', () => {
    expect(toRoomSummaries(meetingsSchema.parse(MEETINGS_SAMPLE).data)).toEqual([
      { provider: 'proconf', callId: 'standup', state: 'active', startedAt: '2026-11-21T10:00:00.000Z' },
    ]);
  });
});
