import type { FastifyBaseLogger } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { CallStatus } from '../../../src/contract/proconfAppServer';
import type { CatchUp, ProviderInfo, RoomSummary } from '../../../src/contract/dashboard';
import type { CallSnapshot } from '../../../src/contract/snapshot';
import type { ProconfVendorConfig } from './config';
import type { UpstreamPolicy } from '../../upstream/policy';
import { ReadCache, type Observed } from '../../upstream/cache';
import type { BreakerState, Provider } from '../types';
import { UpstreamError } from '../../errors';
import { ProconfAdminClient } from './client';
import { S3SummaryFiles, type SummaryFiles } from './summaryFile';
import { toRoomSummaries, toSnapshot } from './map';
import { meetingSchema, type Meeting, type SessionsStatus } from './schema';
import { z } from 'zod';

export interface ProconfProviderOptions {
  config: ProconfVendorConfig;
  info: ProviderInfo;
  policy: UpstreamPolicy;
  logger: FastifyBaseLogger;
}

/** TTLs: status is what moderators watch (about 1 s); summaries change slowly. */
const STATUS_TTL_MS = 1000;
const CATCH_UP_TTL_MS = 5000;
const MEETINGS_TTL_MS = 2000;
/** A post-call summary is written once the call ended; a minute spares S3 a read per poll. */
const SUMMARY_TTL_MS = 60_000;

/**
 * ProCONF for both faces of the BFF: the application-server routes (callStatus, catchUpText,
 * in ProCONF's own shapes) and the dashboard (snapshot, catch-up, room listing).
 */
export class ProconfProvider implements Provider {
  readonly id = 'proconf' as const;
  readonly info: ProviderInfo;
  private readonly client: ProconfAdminClient;
  // Resource names let the policy's ttlMs (UPSTREAM_POLICY) override each TTL.
  private readonly status: ReadCache<SessionsStatus>;
  private readonly catchUps: ReadCache<string>;
  private readonly meetingList: ReadCache<Meeting[]>;
  private readonly summaries: ReadCache<string>;
  /** Undefined without PROCONF_SUMMARY_BUCKET: there is nowhere to read summaries from. */
  private readonly summaryFiles: SummaryFiles | undefined;
  /** When each room's summary text was first seen in its current form, for `updatedAt`. */
  private readonly textSeen = new LRUCache<string, { text: string; since: Date }>({ max: 10_000 });
  /** Each cached meeting list as the listing's rooms: the watcher lists every few seconds, the list changes less often. */
  private readonly listed = new WeakMap<Meeting[], RoomSummary[]>();
  /** Each cached meeting list by room name, so a snapshot does not scan the whole list. */
  private readonly meetingIndex = new WeakMap<Meeting[], Map<string, Meeting>>();
  /** The meeting list, read once for all instances when several run (the listing and every room's state need it). */
  private readonly meetings: () => Promise<Meeting[]>;
  /** callStatus's projection of each cached status answer, held as long as the cache holds it. */
  private readonly projectedStatus = new WeakMap<Observed<SessionsStatus>, Observed<CallStatus>>();

  constructor(options: ProconfProviderOptions) {
    this.status = new ReadCache<SessionsStatus>({ ttlMs: STATUS_TTL_MS, policy: options.policy, resource: 'status' });
    this.catchUps = new ReadCache<string>({ ttlMs: CATCH_UP_TTL_MS, policy: options.policy, resource: 'catchUp' });
    this.meetingList = new ReadCache<Meeting[]>({ ttlMs: MEETINGS_TTL_MS, max: 1, policy: options.policy, resource: 'rooms' });
    this.summaries = new ReadCache<string>({ ttlMs: SUMMARY_TTL_MS, policy: options.policy, resource: 'summary' });
    this.client = new ProconfAdminClient(options.config, { policy: options.policy, logger: options.logger });
    this.summaryFiles = options.config.summary ? new S3SummaryFiles(options.config.summary) : undefined;
    this.info = options.info;
    const readShared = options.policy.shared?.readShared;
    const meetingList = z.array(meetingSchema);
    const readHere = () => this.client.meetings();
    this.meetings = readShared ? () => readShared('meetings', MEETINGS_TTL_MS, meetingList, readHere) : readHere;
  }


  async callStatus(room: string): Promise<Observed<CallStatus>> {
    return this.projected(await this.status.read(room, () => this.client.sessionsStatus(room)));
  }

  /** `callStatus` when its answer is fresh in the cache, without a promise; else undefined. */
  freshCallStatus(room: string): Observed<CallStatus> | undefined {
    const observed = this.status.fresh(room);
    return observed && this.projected(observed);
  }

  private projected(observed: Observed<SessionsStatus>): Observed<CallStatus> {
    // One projection per cached answer, so the route can serialize it once (routes/proconfAppServer.ts).
    let projected = this.projectedStatus.get(observed);
    if (!projected) {
      const { transcript_status, recording_status } = observed.value;
      projected = { ...observed, value: { transcript_status, recording_status } };
      this.projectedStatus.set(observed, projected);
    }
    return projected;
  }

  catchUpText(room: string): Promise<Observed<string>> {
    return this.catchUps.read(room, () => this.client.callCatchUp(room));
  }

  /**
   * The post-call summary: the admin backend says which object holds it, the bucket holds the
   * text. UpstreamError `not_found` when the room has none (yet) or no bucket is configured.
   */
  callSummary(room: string): Promise<Observed<string>> {
    const files = this.summaryFiles;
    if (!files) return Promise.reject(new UpstreamError('proconf', 'not_found', 'no summary bucket configured'));
    return this.summaries.read(room, async () => files.read((await this.client.callSummary(room)).file_url));
  }

  async getSnapshot(room: string): Promise<CallSnapshot> {
    const [status, meetings] = await Promise.all([
      this.status.read(room, () => this.client.sessionsStatus(room)),
      this.meetingList.read('all', this.meetings),
    ]);
    const meeting = this.meetingOf(meetings.value, room);
    return toSnapshot(room, status.value, meeting, {
      observedAt: status.observedAt,
      stale: status.stale || meetings.stale,
    });
  }

  private meetingOf(meetings: Meeting[], room: string): Meeting | undefined {
    let byName = this.meetingIndex.get(meetings);
    if (!byName) {
      byName = new Map();
      // The first of a reused name, as a scan would find it.
      for (const meeting of meetings) if (!byName.has(meeting.room_name)) byName.set(meeting.room_name, meeting);
      this.meetingIndex.set(meetings, byName);
    }
    return byName.get(room);
  }

  async getCatchUp(room: string): Promise<CatchUp> {
    const observed = await this.catchUpText(room);
    const seen = this.textSeen.get(room);
    const since = seen && seen.text === observed.value ? seen.since : observed.observedAt;
    if (!seen || seen.text !== observed.value) this.textSeen.set(room, { text: observed.value, since });
    return { text: observed.value, updatedAt: since.toISOString() };
  }

  async listRooms(): Promise<RoomSummary[]> {
    const meetings = await this.meetingList.read('all', this.meetings);
    let rooms = this.listed.get(meetings.value);
    if (!rooms) {
      rooms = toRoomSummaries(meetings.value);
      this.listed.set(meetings.value, rooms);
    }
    // A copy of the list (its rooms are shared and never changed): callers may sort or filter it.
    return [...rooms];
  }

  breakerState(): BreakerState {
    return this.client.breakerState();
  }

  close(): Promise<void> {
    this.summaryFiles?.close();
    return this.client.close();
  }
}
