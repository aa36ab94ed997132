import { chance, hexId, pick, type Random } from '../random';

export interface BandwidthMember {
  id: string;
  state: 'active' | 'completed';
  mute: boolean;
  hold: boolean;
  joinTone: boolean;
  leavingTone: boolean;
  addedTime: Date;
  removedTime: Date | null;
  callId: string;
  /** The member's call: inbound from `number`, or the conference dialled out to it. */
  direction: 'in' | 'out';
  number: string;
  recordingEnabled: boolean;
  transcriptionEnabled: boolean;
}

export interface BandwidthConference {
  id: string;
  state: 'created' | 'active' | 'completed';
  from: string;
  createdTime: Date;
  completedTime: Date | null;
  hold: boolean;
  mute: boolean;
  profile: 'interpret_digits' | 'passthru_digits';
  tag: string;
  members: BandwidthMember[];
  /** Demo anchors never complete, so ids printed at start keep working. */
  anchor: boolean;
  /** Whether calls added now record (and are transcribed); switched over time. */
  recording: boolean;
  transcription: boolean;
}

/** What changed, for the webhook sender: Catapult v1 calls back on conference and member changes. */
export type BandwidthChange =
  | { kind: 'conference'; conference: BandwidthConference; status: 'created' | 'completed'; at: Date }
  | { kind: 'member'; conference: BandwidthConference; member: BandwidthMember; at: Date };

const MAX_COMPLETED_KEPT = 5;
const PHONE_NUMBERS = ['+19703255647', '+19195551234', '+14155550187', '+12125550143'] as const;
const AREA_CODES = ['212', '415', '919', '970', '303', '617'] as const;

/**
 * Catapult v1 conferences as a little world: callers are added and removed, muted and put on
 * hold; a conference is `created` until its first member, `active` while anyone is in it,
 * and `completed` for good afterwards. Every decision comes from the seeded random source.
 */
export class BandwidthWorld {
  readonly conferences = new Map<string, BandwidthConference>();
  private readonly listeners = new Set<(change: BandwidthChange) => void>();

  constructor(
    private readonly random: Random,
    start: Date,
  ) {
    const sales = this.open(new Date(start.getTime() - 12 * 60_000), true, 'weekly-sales');
    for (let i = 0; i < 3; i += 1) this.add(sales, new Date(start.getTime() - (11 - i) * 60_000));
    const support = this.open(new Date(start.getTime() - 5 * 60_000), true, 'support-bridge');
    this.add(support, new Date(start.getTime() - 4 * 60_000));
    this.add(support, new Date(start.getTime() - 3 * 60_000));
    this.remove(support.members[0], new Date(start.getTime() - 60_000));
    this.open(new Date(start.getTime() - 60_000), true, 'standby');
    const done = this.open(new Date(start.getTime() - 3 * 3600_000), false, 'yesterday');
    this.add(done, new Date(start.getTime() - 3 * 3600_000));
    this.complete(done, new Date(start.getTime() - 2 * 3600_000));
    // The sales call records and is transcribed from the start; the others switch over time.
    this.setRecording(sales, true, true);
  }

  /** Told of every change from now on (the webhook sender). */
  onChange(listener: (change: BandwidthChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(change: BandwidthChange): void {
    for (const listener of this.listeners) listener(change);
  }

  /** Conferences a person can look at: the anchors, then the rest. */
  ids(): string[] {
    return [...this.conferences.values()].sort((a, b) => Number(b.anchor) - Number(a.anchor)).map((c) => c.id);
  }

  tick(now: Date): void {
    for (const conference of [...this.conferences.values()]) {
      if (conference.state === 'completed') continue;
      const present = conference.members.filter((m) => m.state === 'active');
      if (present.length < 6 && chance(this.random, 1 / 20)) this.add(conference, now);
      if (present.length > 0 && chance(this.random, 1 / 40)) this.remove(pick(this.random, present), now);
      for (const member of present) {
        const mute = chance(this.random, 1 / 30);
        const hold = chance(this.random, 1 / 80);
        if (mute) member.mute = !member.mute;
        if (hold) member.hold = !member.hold;
        if (mute || hold) this.emit({ kind: 'member', conference, member, at: now });
      }
      if (present.length > 0 && chance(this.random, 1 / 90)) {
        const on = !conference.recording;
        this.setRecording(conference, on, on && chance(this.random, 0.5));
      }
      if (!conference.anchor && conference.state === 'active' && chance(this.random, 1 / 300)) this.complete(conference, now);
    }
    const live = [...this.conferences.values()].filter((c) => c.state !== 'completed');
    if (live.length < 4 && chance(this.random, 1 / 60)) this.open(now, false, `adhoc-${hexId(this.random, 4)}`);
  }

  /**
   * Switches recording for the conference: every active member's call (Catapult records per
   * call) and the calls added from now on. Catapult sends no callback for this; a member event
   * or the BFF's call-details refresh is how it is seen.
   */
  setRecording(conference: BandwidthConference, recording: boolean, transcription: boolean): void {
    conference.recording = recording;
    conference.transcription = recording && transcription;
    for (const member of conference.members) {
      if (member.state !== 'active') continue;
      member.recordingEnabled = conference.recording;
      member.transcriptionEnabled = conference.transcription;
    }
  }

  /** A member's call by its id (`GET /calls/{callId}`), also after the member left. */
  call(callId: string): { conference: BandwidthConference; member: BandwidthMember } | undefined {
    for (const conference of this.conferences.values()) {
      const member = conference.members.find((m) => m.callId === callId);
      if (member) return { conference, member };
    }
    return undefined;
  }

  activeMembers(conference: BandwidthConference): number {
    return conference.members.filter((m) => m.state === 'active').length;
  }

  open(createdTime: Date, anchor: boolean, tag: string): BandwidthConference {
    const conference: BandwidthConference = {
      id: `conf-${hexId(this.random, 24)}`,
      state: 'created',
      from: pick(this.random, PHONE_NUMBERS),
      createdTime,
      completedTime: null,
      hold: false,
      mute: false,
      profile: 'interpret_digits',
      tag,
      members: [],
      anchor,
      recording: false,
      transcription: false,
    };
    this.conferences.set(conference.id, conference);
    this.emit({ kind: 'conference', conference, status: 'created', at: createdTime });
    return conference;
  }

  add(conference: BandwidthConference, at: Date): BandwidthMember {
    const member: BandwidthMember = {
      id: `member-${hexId(this.random, 24)}`,
      state: 'active',
      mute: chance(this.random, 0.2),
      hold: false,
      joinTone: true,
      leavingTone: true,
      addedTime: at,
      removedTime: null,
      callId: `c-${hexId(this.random, 24)}`,
      direction: chance(this.random, 0.7) ? 'in' : 'out',
      number: `+1${pick(this.random, AREA_CODES)}555${String(Math.floor(this.random() * 10_000)).padStart(4, '0')}`,
      recordingEnabled: conference.recording,
      transcriptionEnabled: conference.transcription,
    };
    conference.members.push(member);
    conference.state = 'active';
    this.emit({ kind: 'member', conference, member, at });
    return member;
  }

  remove(member: BandwidthMember | undefined, at: Date): void {
    if (!member || member.state === 'completed') return;
    member.state = 'completed';
    member.removedTime = at;
    const conference = [...this.conferences.values()].find((c) => c.members.includes(member));
    if (conference) this.emit({ kind: 'member', conference, member, at });
  }

  complete(conference: BandwidthConference, at: Date): void {
    for (const member of conference.members) this.remove(member, at);
    conference.state = 'completed';
    conference.completedTime = at;
    this.emit({ kind: 'conference', conference, status: 'completed', at });
    const completed = [...this.conferences.values()].filter((c) => c.state === 'completed');
    for (const old of completed.slice(0, Math.max(0, completed.length - MAX_COMPLETED_KEPT))) {
      this.conferences.delete(old.id);
    }
  }
}
