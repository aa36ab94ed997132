import { chance, hexId, pick, type Random } from '../random';

export interface TencentSimUser {
  account: string;
  status: 'Calling' | 'Waiting';
}

export interface TencentSimCall {
  callId: string;
  mediaType: 'Audio' | 'Video';
  chatGroupId: string;
  roomId: string;
  roomIdType: 1 | 2;
  users: TencentSimUser[];
  anchor: boolean;
  createdAt: Date;
  /** Cloud recording and AI transcription of the TRTC room, with when each last switched. */
  recording: { on: boolean; since: Date };
  transcription: { on: boolean; since: Date };
}

/** What TRTC would call back about (room, member, recording, transcription), for the webhook sender. */
export type TencentChange =
  | { kind: 'created' | 'dismissed'; call: TencentSimCall; at: Date }
  | { kind: 'entered' | 'exited'; call: TencentSimCall; userId: string; at: Date }
  | { kind: 'recording' | 'transcription'; call: TencentSimCall; on: boolean; at: Date };

const ACCOUNTS = ['user1', 'user2', 'user3', 'user4', 'user5', 'user6', 'alice', 'bob'] as const;

/**
 * TUICallKit calls as Tencent's call engine sees them: only live calls exist (an ended call is
 * 101004); invitees are `Waiting` until they answer and `Calling` after; people hang up and
 * are gone from the list. Anchors never end, so ids printed at start keep working.
 */
export class TencentWorld {
  readonly calls = new Map<string, TencentSimCall>();
  private readonly listeners = new Set<(change: TencentChange) => void>();

  constructor(
    private readonly random: Random,
    private readonly start: Date = new Date(),
  ) {
    const group = this.open('Video', true);
    this.invite(group, 'Calling');
    this.invite(group, 'Calling');
    this.invite(group, 'Waiting');
    const ringing = this.open('Audio', true);
    this.invite(ringing, 'Calling');
    this.invite(ringing, 'Waiting');
    // One call nobody has answered yet (everyone Waiting), so the demo shows a ringing call.
    const unanswered = this.open('Audio', true);
    this.invite(unanswered, 'Waiting');
    this.invite(unanswered, 'Waiting');
    // The group call has been recorded and transcribed from the start.
    this.setRecording(group, true, start);
    this.setTranscription(group, true, start);
  }

  onChange(listener: (change: TencentChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(change: TencentChange): void {
    for (const listener of this.listeners) listener(change);
  }

  setRecording(call: TencentSimCall, on: boolean, at: Date): void {
    if (call.recording.on === on) return;
    call.recording = { on, since: at };
    if (!on) call.transcription = { on: false, since: at };
    this.emit({ kind: 'recording', call, on, at });
  }

  /** Tencent's AI transcription runs on a recorded room here, so it stops with the recording. */
  setTranscription(call: TencentSimCall, on: boolean, at: Date): void {
    if (call.transcription.on === on) return;
    call.transcription = { on, since: at };
    this.emit({ kind: 'transcription', call, on, at });
  }

  ids(): string[] {
    return [...this.calls.values()].sort((a, b) => Number(b.anchor) - Number(a.anchor)).map((c) => c.callId);
  }

  tick(now: Date = new Date()): void {
    for (const call of [...this.calls.values()]) {
      for (const user of call.users) {
        if (user.status === 'Waiting' && chance(this.random, 1 / 15)) {
          user.status = 'Calling';
          this.emit({ kind: 'entered', call, userId: user.account, at: now });
        }
      }
      if (call.users.length < 6 && chance(this.random, 1 / 30)) this.invite(call, 'Waiting');
      if (call.users.length > 1 && chance(this.random, 1 / 35)) {
        const leaving = pick(this.random, call.users);
        call.users = call.users.filter((u) => u !== leaving);
        if (leaving.status === 'Calling') this.emit({ kind: 'exited', call, userId: leaving.account, at: now });
      }
      if (call.users.length === 0) this.invite(call, 'Waiting');
      if (chance(this.random, 1 / 90)) this.setRecording(call, !call.recording.on, now);
      if (call.recording.on && chance(this.random, 1 / 60)) this.setTranscription(call, !call.transcription.on, now);
      if (!call.anchor && chance(this.random, 1 / 200)) {
        this.calls.delete(call.callId);
        this.emit({ kind: 'dismissed', call, at: now });
      }
    }
    if (this.calls.size < 5 && chance(this.random, 1 / 50)) {
      const call = this.open(chance(this.random, 0.5) ? 'Audio' : 'Video', false, now);
      this.invite(call, 'Calling');
      this.invite(call, 'Waiting');
    }
  }

  open(mediaType: 'Audio' | 'Video', anchor: boolean, at: Date = this.start): TencentSimCall {
    const callId = `${hexId(this.random, 8)}-${hexId(this.random, 4)}-4${hexId(this.random, 3)}-a${hexId(this.random, 3)}-${hexId(this.random, 12)}`;
    const call: TencentSimCall = {
      callId,
      mediaType,
      chatGroupId: '',
      roomId: String(Math.floor(this.random() * 90_000_000) + 10_000_000),
      roomIdType: 1,
      users: [],
      anchor,
      createdAt: at,
      recording: { on: false, since: at },
      transcription: { on: false, since: at },
    };
    this.calls.set(callId, call);
    this.emit({ kind: 'created', call, at });
    return call;
  }

  invite(call: TencentSimCall, status: TencentSimUser['status']): void {
    const free = ACCOUNTS.filter((a) => !call.users.some((u) => u.account === a));
    if (free.length === 0) return;
    call.users.push({ account: pick(this.random, free), status });
  }
}
