import { chance, hexId, pick, type Random } from '../random';

export type CometChatStatus = 'initiated' | 'ongoing' | 'ended' | 'unanswered' | 'rejected' | 'canceled';

export interface CometChatSimParticipant {
  uid: string;
  state: 'initiated' | 'ongoing' | 'ended';
  isJoined: boolean;
  joinedAt: number | null;
  leftAt: number | null;
  deviceId: string;
}

export interface CometChatSimCall {
  sessionId: string;
  type: 'audio' | 'video';
  mode: 'call' | 'meet';
  status: CometChatStatus;
  receiverType: 'user' | 'group';
  initiator: string;
  receiver: string;
  initiatedAt: number;
  startedAt: number | null;
  endedAt: number | null;
  /** undefined: CometChat omits the field (feature never touched on this call). */
  hasRecording: boolean | undefined;
  hasTranscription: boolean | undefined;
  participants: CometChatSimParticipant[];
  anchor: boolean;
}

/** What CometChat's call webhooks report (docs/calls/webhooks-call-session), for the sender. */
export type CometChatChange =
  | { kind: 'started' | 'ended'; call: CometChatSimCall; at: Date }
  | { kind: 'joined' | 'left'; call: CometChatSimCall; participant: CometChatSimParticipant; at: Date };

const USERS = ['superhero1', 'superhero2', 'superhero3', 'superhero4', 'superhero5', 'superhero6', 'superhero7', 'superhero8'] as const;
const MAX_ENDED_KEPT = 8;

const unix = (date: Date) => Math.floor(date.getTime() / 1000);

/**
 * CometChat calls as a little world, in CometChat's terms: a call is `initiated` (ringing)
 * until someone joins, `ongoing` while people come and go, then `ended`; recording and
 * transcription get switched on and off (and are omitted until first touched).
 */
export class CometChatWorld {
  readonly calls = new Map<string, CometChatSimCall>();
  private readonly listeners = new Set<(change: CometChatChange) => void>();

  onChange(listener: (change: CometChatChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(change: CometChatChange): void {
    for (const listener of this.listeners) listener(change);
  }

  constructor(
    private readonly random: Random,
    private readonly appId: string,
    start: Date,
  ) {
    const meet = this.open(new Date(start.getTime() - 20 * 60_000), 'video', 'meet', true);
    for (let i = 0; i < 4; i += 1) this.join(meet, new Date(start.getTime() - (19 - i) * 60_000));
    meet.hasRecording = true;
    meet.hasTranscription = false;
    const oneToOne = this.open(new Date(start.getTime() - 6 * 60_000), 'audio', 'call', true);
    this.join(oneToOne, new Date(start.getTime() - 5 * 60_000));
    this.join(oneToOne, new Date(start.getTime() - 5 * 60_000 + 4000));
    oneToOne.hasRecording = false;
    this.open(new Date(start.getTime() - 10_000), 'video', 'call', true);
    const ended = this.open(new Date(start.getTime() - 2 * 3600_000), 'audio', 'call', false);
    this.join(ended, new Date(start.getTime() - 2 * 3600_000 + 14_000));
    this.join(ended, new Date(start.getTime() - 2 * 3600_000 + 15_000));
    ended.hasRecording = false;
    this.end(ended, new Date(start.getTime() - 2 * 3600_000 + 19 * 60_000));
  }

  ids(): string[] {
    return [...this.calls.values()].sort((a, b) => Number(b.anchor) - Number(a.anchor)).map((c) => c.sessionId);
  }

  tick(now: Date): void {
    for (const call of [...this.calls.values()]) {
      if (call.status !== 'initiated' && call.status !== 'ongoing') continue;
      const present = call.participants.filter((p) => p.isJoined && p.leftAt === null);
      if (call.status === 'initiated' && chance(this.random, 1 / 8)) this.join(call, now);
      else if (call.status === 'ongoing' && present.length < 6 && chance(this.random, 1 / 25)) this.join(call, now);
      if (present.length > 1 && chance(this.random, 1 / 40)) this.leave(pick(this.random, present), now, call);
      if (call.status === 'ongoing' && chance(this.random, 1 / 25)) call.hasRecording = !(call.hasRecording ?? false);
      if (call.status === 'ongoing' && chance(this.random, 1 / 30)) call.hasTranscription = !(call.hasTranscription ?? false);
      if (!call.anchor && call.status === 'ongoing' && chance(this.random, 1 / 300)) this.end(call, now);
      if (!call.anchor && call.status === 'initiated' && chance(this.random, 1 / 40)) this.end(call, now, 'unanswered');
    }
    const live = [...this.calls.values()].filter((c) => c.status === 'initiated' || c.status === 'ongoing');
    if (live.length < 5 && chance(this.random, 1 / 45)) {
      this.open(now, chance(this.random, 0.5) ? 'audio' : 'video', chance(this.random, 0.5) ? 'call' : 'meet', false);
    }
  }

  open(at: Date, type: 'audio' | 'video', mode: 'call' | 'meet', anchor: boolean): CometChatSimCall {
    const initiator = pick(this.random, USERS);
    const receiver = pick(this.random, USERS.filter((u) => u !== initiator));
    const call: CometChatSimCall = {
      sessionId: `v1.us.${this.appId}.${unix(at)}${hexId(this.random, 40)}`,
      type,
      mode,
      status: 'initiated',
      receiverType: mode === 'meet' ? 'group' : 'user',
      initiator,
      receiver: mode === 'meet' ? `group-${hexId(this.random, 6)}` : receiver,
      initiatedAt: unix(at),
      startedAt: null,
      endedAt: null,
      hasRecording: undefined,
      hasTranscription: undefined,
      participants: [],
      anchor,
    };
    this.calls.set(call.sessionId, call);
    return call;
  }

  join(call: CometChatSimCall, at: Date): void {
    const taken = new Set(call.participants.filter((p) => p.leftAt === null).map((p) => p.uid));
    const free = USERS.filter((u) => !taken.has(u));
    if (free.length === 0) return;
    const uid = taken.size === 0 && !taken.has(call.initiator) ? call.initiator : pick(this.random, free);
    const participant: CometChatSimParticipant = {
      uid,
      state: 'ongoing',
      isJoined: true,
      joinedAt: unix(at),
      leftAt: null,
      deviceId: `${hexId(this.random, 8)}-${hexId(this.random, 4)}@rtc.cometchat.example/${hexId(this.random, 8)}`,
    };
    call.participants.push(participant);
    if (call.status === 'initiated') {
      call.status = 'ongoing';
      call.startedAt = unix(at);
      this.emit({ kind: 'started', call, at });
    }
    this.emit({ kind: 'joined', call, participant, at });
  }

  leave(participant: CometChatSimParticipant, at: Date, call?: CometChatSimCall): void {
    if (participant.leftAt !== null) return;
    participant.state = 'ended';
    participant.leftAt = unix(at);
    if (call) this.emit({ kind: 'left', call, participant, at });
  }

  end(call: CometChatSimCall, at: Date, status: CometChatStatus = 'ended'): void {
    for (const p of call.participants) this.leave(p, at, call);
    call.status = status;
    call.endedAt = unix(at);
    this.emit({ kind: 'ended', call, at });
    const ended = [...this.calls.values()].filter((c) => c.status !== 'initiated' && c.status !== 'ongoing');
    for (const old of ended.slice(0, Math.max(0, ended.length - MAX_ENDED_KEPT))) this.calls.delete(old.sessionId);
  }
}
