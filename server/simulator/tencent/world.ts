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
}

const ACCOUNTS = ['user1', 'user2', 'user3', 'user4', 'user5', 'user6', 'alice', 'bob'] as const;

/**
 * TUICallKit calls as Tencent's call engine sees them: only live calls exist (an ended call is
 * 101004); invitees are `Waiting` until they answer and `Calling` after; people hang up and
 * are gone from the list. Anchors never end, so ids printed at start keep working.
 */
export class TencentWorld {
  readonly calls = new Map<string, TencentSimCall>();

  constructor(private readonly random: Random) {
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
  }

  ids(): string[] {
    return [...this.calls.values()].sort((a, b) => Number(b.anchor) - Number(a.anchor)).map((c) => c.callId);
  }

  tick(): void {
    for (const call of [...this.calls.values()]) {
      for (const user of call.users) if (user.status === 'Waiting' && chance(this.random, 1 / 15)) user.status = 'Calling';
      if (call.users.length < 6 && chance(this.random, 1 / 30)) this.invite(call, 'Waiting');
      if (call.users.length > 1 && chance(this.random, 1 / 35)) {
        const leaving = pick(this.random, call.users);
        call.users = call.users.filter((u) => u !== leaving);
      }
      if (call.users.length === 0) this.invite(call, 'Waiting');
      if (!call.anchor && chance(this.random, 1 / 200)) this.calls.delete(call.callId);
    }
    if (this.calls.size < 5 && chance(this.random, 1 / 50)) {
      const call = this.open(chance(this.random, 0.5) ? 'Audio' : 'Video', false);
      this.invite(call, 'Calling');
      this.invite(call, 'Waiting');
    }
  }

  open(mediaType: 'Audio' | 'Video', anchor: boolean): TencentSimCall {
    const callId = `${hexId(this.random, 8)}-${hexId(this.random, 4)}-4${hexId(this.random, 3)}-a${hexId(this.random, 3)}-${hexId(this.random, 12)}`;
    const call: TencentSimCall = {
      callId,
      mediaType,
      chatGroupId: '',
      roomId: String(Math.floor(this.random() * 90_000_000) + 10_000_000),
      roomIdType: 1,
      users: [],
      anchor,
    };
    this.calls.set(callId, call);
    return call;
  }

  invite(call: TencentSimCall, status: TencentSimUser['status']): void {
    const free = ACCOUNTS.filter((a) => !call.users.some((u) => u.account === a));
    if (free.length === 0) return;
    call.users.push({ account: pick(this.random, free), status });
  }
}
