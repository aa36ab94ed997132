import { LRUCache } from 'lru-cache';
import type { CallSnapshot, Flag } from '../../src/contract/snapshot';
import type { ProviderId } from '../../src/contract/ids';

interface Pushed {
  to: Flag;
  /** The vendor's time of the change, ms: an older event never overrides a newer one. */
  at: number;
}

interface RoomFlags {
  recording?: Pushed;
  transcription?: Pushed;
}

export type PushedField = keyof RoomFlags;

/**
 * Recording and transcription as the vendors' webhooks last said, per room: what polling
 * cannot read (Tencent reports neither; its TRTC recording callbacks are the only source).
 * Ordered by the vendor's own time, so a late retry of an older event does not flip a newer
 * state back. Bounded: past `max` rooms the least recently touched is forgotten, and that
 * room reads `unknown` again, as without push.
 */
export class PushedFlags {
  private readonly rooms: LRUCache<string, RoomFlags>;

  constructor(max = 10_000) {
    this.rooms = new LRUCache<string, RoomFlags>({ max });
  }

  /**
   * Records a pushed value under the id the vendor named (a call id, or `room:<RoomId>` for a
   * vendor whose webhooks name rooms, like TRTC: they may arrive before this BFF has read the
   * call); false when a newer value was already recorded.
   */
  record(provider: ProviderId, id: string, field: PushedField, to: Flag, at: string): boolean {
    const key = `${provider}:${id}`;
    const atMs = Date.parse(at);
    if (Number.isNaN(atMs)) return false;
    const flags = this.rooms.get(key) ?? {};
    const current = flags[field];
    if (current && current.at > atMs) return false;
    this.rooms.set(key, { ...flags, [field]: { to, at: atMs } });
    return true;
  }

  /**
   * The snapshot with pushed values filled in where polling says `unknown`. Where polling
   * does know (Bandwidth's member calls, CometChat's hasRecording), polling stays the source.
   */
  overlay(snapshot: CallSnapshot, roomKey?: string): CallSnapshot {
    const flags = newest(
      this.rooms.get(`${snapshot.provider}:${snapshot.callId}`),
      roomKey === undefined ? undefined : this.rooms.get(`${snapshot.provider}:${roomKey}`),
    );
    if (!flags) return snapshot;
    const recording = snapshot.recording === 'unknown' && flags.recording ? flags.recording.to : snapshot.recording;
    const transcription =
      snapshot.transcription === 'unknown' && flags.transcription ? flags.transcription.to : snapshot.transcription;
    return recording === snapshot.recording && transcription === snapshot.transcription
      ? snapshot
      : { ...snapshot, recording, transcription };
  }
}

/** Per field, the newer of two records (a call's own and its TRTC room's). */
function newest(a: RoomFlags | undefined, b: RoomFlags | undefined): RoomFlags | undefined {
  if (!a || !b) return a ?? b;
  const pick = (x: Pushed | undefined, y: Pushed | undefined) => (!x ? y : !y ? x : x.at >= y.at ? x : y);
  const recording = pick(a.recording, b.recording);
  const transcription = pick(a.transcription, b.transcription);
  return { ...(recording ? { recording } : {}), ...(transcription ? { transcription } : {}) };
}
