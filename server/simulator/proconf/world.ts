import { chance, hexId, pick, type Random } from '../random';
import { INITIAL_ROOMS, LATER_ROOMS, QUICK_ROOM, SUMMARY_PARAGRAPHS } from './script';

export interface ProconfRoom {
  name: string;
  uniqueId: string;
  createdAt: Date;
  destroyedAt: Date | null;
  recording: boolean;
  transcription: boolean;
  /** Markdown paragraphs; the catch-up summary is their join. */
  summary: string[];
  /** Index of the next paragraph from the script for this room. */
  nextParagraph: number;
  /**
   * Set through the control route: from then on the room is driven only by hand. A test or a
   * demo that switches recording must not see the scenario switch it back a tick later.
   */
  byHand: boolean;
}

const MIN_LIVE = 3;
const MAX_ENDED_KEPT = 10;
/** The quick meeting ends between these many ms after the scenario starts (seeded). */
const QUICK_ENDS_AFTER_MS = { min: 45_000, spread: 15_000 };

/**
 * ProCONF's admin backend as a little world: rooms start and end, recording and
 * transcription switch on and off, and the summary grows while transcription runs.
 * Every decision comes from the seeded random source, so a seed and a number of ticks
 * always give the same state.
 */
export class ProconfWorld {
  readonly rooms = new Map<string, ProconfRoom>();
  private laterIndex = 0;
  /**
   * When the short meeting open at the start ends: within the first minute, so a fresh demo
   * shows a call ending and an ended call's report without waiting for the 1-in-600 chance.
   */
  readonly quickEndsAt: Date;

  constructor(
    private readonly random: Random,
    start: Date,
  ) {
    INITIAL_ROOMS.forEach((name, index) => {
      const createdAt = new Date(start.getTime() - (index + 1) * 7 * 60_000);
      const room = this.open(name, createdAt);
      room.recording = index % 2 === 0;
      room.transcription = index !== 3;
      if (room.transcription) this.grow(room, 2);
    });
    const ended = this.open('retro-week-46', new Date(start.getTime() - 3 * 3600_000));
    ended.destroyedAt = new Date(start.getTime() - 2 * 3600_000);
    this.grow(ended, 4);
    const quick = this.open(QUICK_ROOM, new Date(start.getTime() - 2 * 60_000));
    quick.transcription = true;
    this.grow(quick, 1);
    this.quickEndsAt = new Date(start.getTime() + QUICK_ENDS_AFTER_MS.min + Math.floor(this.random() * QUICK_ENDS_AFTER_MS.spread));
  }

  live(): ProconfRoom[] {
    return [...this.rooms.values()].filter((room) => room.destroyedAt === null);
  }

  tick(now: Date): void {
    const quick = this.rooms.get(QUICK_ROOM);
    if (quick && quick.destroyedAt === null && now >= this.quickEndsAt) this.end(quick, now);
    for (const room of this.live()) {
      // A room driven by hand still draws, so the rooms after it see the numbers they would
      // have seen (until its state makes the draws differ).
      const flipRecording = chance(this.random, 1 / 25);
      const flipTranscription = chance(this.random, 1 / 30);
      const grow = room.transcription && chance(this.random, 1 / 10);
      const end = chance(this.random, 1 / 600) && this.live().length > MIN_LIVE;
      if (room.byHand) continue;
      if (flipRecording) room.recording = !room.recording;
      if (flipTranscription) room.transcription = !room.transcription;
      if (grow) this.grow(room, 1);
      if (end) this.end(room, now);
    }
    if (this.live().length < MIN_LIVE + 1 && chance(this.random, 1 / 60)) {
      const name = `${LATER_ROOMS[this.laterIndex % LATER_ROOMS.length]}-${hexId(this.random, 4)}`;
      this.laterIndex += 1;
      this.open(name, now);
    }
  }

  /**
   * Test and demo control: set flags directly, as if the room's host had pressed the button.
   * The room is driven by hand from then on (see ProconfRoom.byHand).
   */
  set(name: string, change: { recording?: boolean; transcription?: boolean; append?: string; ended?: boolean }, now = new Date()): ProconfRoom | undefined {
    const room = this.rooms.get(name);
    if (!room) return undefined;
    room.byHand = true;
    if (change.recording !== undefined) room.recording = change.recording;
    if (change.transcription !== undefined) room.transcription = change.transcription;
    if (change.append !== undefined) room.summary.push(change.append);
    if (change.ended === true && room.destroyedAt === null) this.end(room, now);
    return room;
  }

  open(name: string, createdAt: Date): ProconfRoom {
    const room: ProconfRoom = {
      name,
      uniqueId: hexId(this.random, 24),
      createdAt,
      destroyedAt: null,
      recording: false,
      transcription: false,
      summary: [],
      nextParagraph: Math.floor(this.random() * SUMMARY_PARAGRAPHS.length),
      byHand: false,
    };
    this.rooms.set(name, room);
    return room;
  }

  private end(room: ProconfRoom, now: Date): void {
    room.destroyedAt = now;
    room.recording = false;
    room.transcription = false;
    const ended = [...this.rooms.values()].filter((r) => r.destroyedAt !== null);
    for (const old of ended.slice(0, Math.max(0, ended.length - MAX_ENDED_KEPT))) this.rooms.delete(old.name);
  }

  private grow(room: ProconfRoom, paragraphs: number): void {
    for (let i = 0; i < paragraphs; i += 1) {
      room.summary.push(SUMMARY_PARAGRAPHS[room.nextParagraph % SUMMARY_PARAGRAPHS.length] ?? '');
      room.nextParagraph += 1;
    }
  }

  /** Exposed so tests can pick a deterministic room. */
  anyLiveName(): string {
    return pick(this.random, this.live()).name;
  }
}
