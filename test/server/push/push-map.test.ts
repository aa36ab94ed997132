import { describe, expect, it } from 'vitest';
import { bandwidthCallbackSchema } from '../../../server/providers/bandwidth/push/schema';
import { mapBandwidthCallback } from '../../../server/providers/bandwidth/push/map';
import { cometChatWebhookSchema } from '../../../server/providers/cometchat/push/schema';
import { mapCometChatWebhook } from '../../../server/providers/cometchat/push/map';
import { trtcCallbackSchema } from '../../../server/providers/tencent/push/schema';
import { mapTencentCallback } from '../../../server/providers/tencent/push/map';
import {
  BANDWIDTH_CONFERENCE_COMPLETED,
  BANDWIDTH_CONFERENCE_CREATED,
  BANDWIDTH_MEMBER_JOINED,
  BANDWIDTH_MEMBER_LEFT,
  BANDWIDTH_MEMBER_MUTED,
  COMETCHAT_MEETING_STARTED,
  COMETCHAT_PARTICIPANT_JOINED,
  TRTC_CREATE_ROOM,
  TRTC_DISMISS_ROOM,
  TRTC_ENTER_ROOM,
  TRTC_EXIT_ROOM,
  TRTC_RECORDER_START,
  TRTC_TRANSCRIPTION_START,
  fill,
} from '../../support/fixtures/push-samples';

const receivedAt = new Date('2026-01-02T03:04:05.000Z');
const bwIds = { conferenceId: 'conf-abc', callId: 'c-123', memberId: 'member-1', userId: 'u-1' };
const mapBw = (sample: unknown) => mapBandwidthCallback(bandwidthCallbackSchema.parse(sample), receivedAt);

describe('Bandwidth conference callbacks', () => {
  it('conference created → state created at its createdTime, in UTC', () => {
    const delivery = mapBw(fill(BANDWIDTH_CONFERENCE_CREATED, bwIds));
    expect(delivery).toEqual({
      provider: 'bandwidth',
      deliveryId: 'bandwidth:conference:conf-abc:created',
      events: [
        {
          provider: 'bandwidth',
          callId: 'conf-abc',
          idKind: 'call',
          eventId: 'bandwidth:conference:conf-abc:created:state',
          at: '2013-07-12T18:26:55.685Z',
          kind: 'state',
          to: 'created',
        },
      ],
    });
  });

  it('conference completed → state ended at its completedTime', () => {
    const events = mapBw(fill(BANDWIDTH_CONFERENCE_COMPLETED, bwIds))?.events;
    expect(events).toMatchObject([{ kind: 'state', to: 'ended', at: '2013-07-12T18:45:10.103Z' }]);
  });

  it('member joined → active, joined, unmuted, not on hold; asks for its call details', () => {
    const delivery = mapBw(fill(BANDWIDTH_MEMBER_JOINED, bwIds));
    expect(delivery?.memberCallIds).toEqual(['c-123']);
    expect(delivery?.events.map((e) => e.kind)).toEqual(['state', 'participant.joined', 'participant.unmuted', 'participant.hold']);
    expect(delivery?.events).toMatchObject([
      { to: 'active' },
      { participantId: 'member-1', name: null },
      { participantId: 'member-1' },
      { participantId: 'member-1', onHold: false },
    ]);
    for (const e of delivery?.events ?? []) expect(e.at).toBe('2013-07-12T20:53:11.646Z');
  });

  it('member muted → muted; member left → left only', () => {
    expect(mapBw(fill(BANDWIDTH_MEMBER_MUTED, bwIds))?.events.map((e) => e.kind)).toContain('participant.muted');
    const left = mapBw(fill(BANDWIDTH_MEMBER_LEFT, bwIds));
    expect(left?.events).toMatchObject([{ kind: 'participant.left', participantId: 'member-1' }]);
  });

  it('the mute and the join of one member are different deliveries; a redelivery is the same one', () => {
    const joined = mapBw(fill(BANDWIDTH_MEMBER_JOINED, bwIds));
    const muted = mapBw(fill(BANDWIDTH_MEMBER_MUTED, bwIds));
    expect(joined?.deliveryId).not.toBe(muted?.deliveryId);
    expect(mapBw(fill(BANDWIDTH_MEMBER_JOINED, bwIds))?.deliveryId).toBe(joined?.deliveryId);
    // "true"/"false" strings (older payloads) are the same event as booleans.
    expect(mapBw({ ...fill(BANDWIDTH_MEMBER_JOINED, bwIds), mute: 'false', hold: 'false' })?.deliveryId).toBe(joined?.deliveryId);
  });

  it('the documented placeholders are not usable ids: nothing is applied, no upstream URL is built', () => {
    expect(mapBw(BANDWIDTH_MEMBER_JOINED)).toBeNull();
    const callOnly = mapBw({ ...fill(BANDWIDTH_MEMBER_JOINED, bwIds), callId: '../../conferences' });
    expect(callOnly?.memberCallIds).toEqual([]);
  });

  it('other event types are acknowledged and ignored; a malformed member event is refused', () => {
    expect(mapBw({ eventType: 'conference-speak', conferenceId: 'conf-abc', status: 'started' })).toBeNull();
    const noMember: Record<string, unknown> = fill(BANDWIDTH_MEMBER_JOINED, bwIds);
    delete noMember.memberId;
    expect(bandwidthCallbackSchema.safeParse(noMember).success).toBe(false);
    expect(bandwidthCallbackSchema.safeParse({ ...BANDWIDTH_CONFERENCE_CREATED, status: 'paused' }).success).toBe(false);
    expect(bandwidthCallbackSchema.safeParse({}).success).toBe(false);
  });
});

const ccIds = { sessionId: 'v1.us.31780434a95d45.1692368113', appId: 'app-1', region: 'us', webhookID: 'wh-1' };
const mapCc = (sample: unknown, digest = 'd') => mapCometChatWebhook(cometChatWebhookSchema.parse(sample), receivedAt, digest);

describe('CometChat call-session webhooks', () => {
  it('meeting_started → state active, keyed the way CometChat documents', () => {
    expect(mapCc(fill(COMETCHAT_MEETING_STARTED, ccIds))).toEqual({
      provider: 'cometchat',
      deliveryId: 'cometchat:wh-1:meeting_started:v1.us.31780434a95d45.1692368113:1696934692:',
      events: [
        {
          provider: 'cometchat',
          callId: 'v1.us.31780434a95d45.1692368113',
          idKind: 'call',
          eventId: 'cometchat:wh-1:meeting_started:v1.us.31780434a95d45.1692368113:1696934692::state',
          at: '2023-10-10T10:44:52.000Z',
          kind: 'state',
          to: 'active',
        },
      ],
    });
  });

  it('meeting_participant_joined → joined by name, unmuted, recording untouched when not set to start', () => {
    const events = mapCc(fill(COMETCHAT_PARTICIPANT_JOINED, ccIds))?.events;
    expect(events).toMatchObject([
      { kind: 'participant.joined', participantId: 'Andrew Joseph', name: 'Andrew Joseph', at: '2023-10-10T10:44:52.000Z' },
      { kind: 'participant.unmuted', participantId: 'Andrew Joseph' },
    ]);
  });

  it('a join configured to record from the start turns recording on; a muted join is muted', () => {
    const sample = fill(COMETCHAT_PARTICIPANT_JOINED, ccIds);
    sample.data.initial_config.start_recording_on_call_start = 'true';
    sample.data.initial_config.is_audio_muted = 'true';
    const kinds = mapCc(sample)?.events.map((e) => e.kind);
    expect(kinds).toEqual(['participant.joined', 'participant.muted', 'recording']);
  });

  it('two people joining in the same second are two deliveries', () => {
    const a = fill(COMETCHAT_PARTICIPANT_JOINED, ccIds);
    const b = fill(COMETCHAT_PARTICIPANT_JOINED, ccIds);
    b.data.occupant.name = 'George Alan';
    expect(mapCc(a)?.deliveryId).not.toBe(mapCc(b)?.deliveryId);
  });

  it('meeting_ended → ended; left → left; a left without a time is keyed by its body', () => {
    const ended = mapCc({ trigger: 'meeting_ended', data: { sessionId: 's-1', ended_at: 1696935000 } });
    expect(ended?.events).toMatchObject([{ kind: 'state', to: 'ended', at: '2023-10-10T10:50:00.000Z' }]);
    const left = mapCc({ trigger: 'meeting_participant_left', data: { sessionId: 's-1', occupant: { name: 'Ann' } } }, 'abc');
    expect(left?.deliveryId).toBe('cometchat:meeting_participant_left:s-1:body:abc');
    expect(left?.events).toMatchObject([{ kind: 'participant.left', participantId: 'Ann', at: receivedAt.toISOString() }]);
  });

  it('recording_generated changes no live indicator; ringing triggers are acknowledged and ignored', () => {
    expect(mapCc({ trigger: 'recording_generated', data: { sessionId: 's-1' } })?.events).toEqual([]);
    expect(mapCc({ trigger: 'call_initiated', data: { anything: 1 } })).toBeNull();
  });

  it('refuses a known trigger without its session id or join time', () => {
    expect(cometChatWebhookSchema.safeParse({ trigger: 'meeting_started', data: { created_at: 1 } }).success).toBe(false);
    const noTime = fill(COMETCHAT_PARTICIPANT_JOINED, ccIds) as { data: { occupant: Record<string, unknown> } };
    delete noTime.data.occupant.joined_at;
    expect(cometChatWebhookSchema.safeParse(noTime).success).toBe(false);
  });
});

const mapTc = (sample: unknown) => mapTencentCallback('1400000001', trtcCallbackSchema.parse(sample), receivedAt);

describe('Tencent TRTC callbacks', () => {
  it('101 create room → active with recording and transcription off, 102 dismiss room → ended, for the TRTC room id', () => {
    const room = { provider: 'tencent', callId: '12345', idKind: 'room', at: '2023-06-26T09:12:10.160Z' };
    const id = 'tencent:1400000001:1:101:12345:test:1687770730160::';
    expect(mapTc(TRTC_CREATE_ROOM)?.events).toEqual([
      { ...room, eventId: id, kind: 'state', to: 'active' },
      { ...room, eventId: `${id}:recording`, kind: 'recording', to: 'off' },
      { ...room, eventId: `${id}:transcription`, kind: 'transcription', to: 'off' },
    ]);
    expect(mapTc(TRTC_DISMISS_ROOM)?.events).toMatchObject([{ kind: 'state', to: 'ended', callId: '12345' }]);
  });

  it('103 enter → joined, 104 exit → left', () => {
    expect(mapTc(TRTC_ENTER_ROOM)?.events).toMatchObject([{ kind: 'participant.joined', participantId: 'test', name: null }]);
    expect(mapTc(TRTC_EXIT_ROOM)?.events).toMatchObject([{ kind: 'participant.left', participantId: 'test' }]);
  });

  it('203/204 audio start/stop → unmuted/muted; video and role events are not tracked', () => {
    const audio = (type: number) => ({ ...TRTC_EXIT_ROOM, EventGroupId: 2, EventType: type });
    expect(mapTc(audio(203))?.events).toMatchObject([{ kind: 'participant.unmuted', participantId: 'test' }]);
    expect(mapTc(audio(204))?.events).toMatchObject([{ kind: 'participant.muted', participantId: 'test' }]);
    expect(mapTc(audio(201))).toBeNull();
    expect(mapTc({ ...TRTC_ENTER_ROOM, EventType: 105 })).toBeNull();
  });

  it('301 recorder started → recording on; 302 → off; a failed start changes nothing', () => {
    expect(mapTc(TRTC_RECORDER_START)?.events).toMatchObject([
      { kind: 'recording', to: 'on', callId: '1280586498', at: '2026-03-25T08:00:07.077Z' },
    ]);
    expect(mapTc({ ...TRTC_RECORDER_START, EventType: 302 })?.events).toMatchObject([{ kind: 'recording', to: 'off' }]);
    const failed = { ...TRTC_RECORDER_START, EventInfo: { ...TRTC_RECORDER_START.EventInfo, Payload: { Status: 1 } } };
    expect(mapTc(failed)).toBeNull();
  });

  it('1401 transcription started → transcription on; 1402 → off', () => {
    expect(mapTc(TRTC_TRANSCRIPTION_START)?.events).toMatchObject([{ kind: 'transcription', to: 'on', callId: '1234' }]);
    expect(mapTc({ ...TRTC_TRANSCRIPTION_START, EventType: 1402 })?.events).toMatchObject([{ kind: 'transcription', to: 'off' }]);
  });

  it('a retry with a new CallbackTs is the same delivery; another user or time is not', () => {
    const first = mapTc(TRTC_ENTER_ROOM)?.deliveryId;
    expect(mapTc({ ...TRTC_ENTER_ROOM, CallbackTs: TRTC_ENTER_ROOM.CallbackTs + 10_000 })?.deliveryId).toBe(first);
    expect(mapTc({ ...TRTC_ENTER_ROOM, EventInfo: { ...TRTC_ENTER_ROOM.EventInfo, UserId: 'other' } })?.deliveryId).not.toBe(first);
    expect(mapTc({ ...TRTC_ENTER_ROOM, EventInfo: { ...TRTC_ENTER_ROOM.EventInfo, EventMsTs: 1687770731832 } })?.deliveryId).not.toBe(first);
  });

  it('refuses a body without EventInfo.RoomId; a room id no call can have is not applied', () => {
    expect(trtcCallbackSchema.safeParse({ EventGroupId: 1, EventType: 103, EventInfo: {} }).success).toBe(false);
    expect(mapTc({ ...TRTC_ENTER_ROOM, EventInfo: { ...TRTC_ENTER_ROOM.EventInfo, RoomId: '../x' } })).toBeNull();
  });
});
