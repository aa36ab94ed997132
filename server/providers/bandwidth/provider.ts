import type { FastifyBaseLogger } from 'fastify';
import type { ProviderInfo } from '../../../src/contract/dashboard';
import type { CallSnapshot } from '../../../src/contract/snapshot';
import type { BandwidthVendorConfig } from './config';
import type { UpstreamPolicy } from '../../upstream/policy';
import { ReadCache } from '../../upstream/cache';
import type { BreakerState, Provider } from '../types';
import { BandwidthClient } from './client';
import { activeMemberCallIds, toSnapshot } from './map';
import { CallDetailsCache } from './callDetailsCache';
import type { Conference, Member } from './schema';

export interface BandwidthProviderOptions {
  config: BandwidthVendorConfig;
  info: ProviderInfo;
  policy: UpstreamPolicy;
  logger: FastifyBaseLogger;
}

/**
 * Catapult's default limit for conferences is 1 request/s and a snapshot costs two requests
 * (conference + members), so reads live 2 s: N browsers on one room cost ~1 request/s.
 */
// Its own resource name, not `status`: UPSTREAM_STATUS_TTL_MS (1 s) would double the load on a
// 1 request/s budget. Tune it with UPSTREAM_POLICY={"bandwidth":{"ttlMs":{"conference":N}}}.
const SNAPSHOT_TTL_MS = 2000;
/**
 * A member call's recordingEnabled rarely changes, so its details live 60 s and each snapshot
 * refreshes at most one of them: a conference costs its two reads plus about one call read per
 * member per minute. Tune with UPSTREAM_POLICY={"bandwidth":{"ttlMs":{"call":N}}}.
 */
const CALL_TTL_MS = 60_000;

/**
 * Bandwidth Catapult v1 conferences. No room listing: `GET /v1/users/{userId}/conferences`
 * exists at the vendor but is not among the two reads this adapter is built and tested
 * against, and it lists every conference ever made, paginated, which the
 * 1 request/s budget cannot afford on every overview poll.
 */
export class BandwidthProvider implements Provider {
  readonly id = 'bandwidth' as const;
  readonly info: ProviderInfo;
  private readonly client: BandwidthClient;
  private readonly conferences: ReadCache<Conference>;
  private readonly members: ReadCache<Member[]>;
  private readonly calls: CallDetailsCache;

  constructor(options: BandwidthProviderOptions) {
    this.conferences = new ReadCache<Conference>({ ttlMs: SNAPSHOT_TTL_MS, policy: options.policy, resource: 'conference' });
    this.members = new ReadCache<Member[]>({ ttlMs: SNAPSHOT_TTL_MS, policy: options.policy, resource: 'conference' });
    this.client = new BandwidthClient(options.config, { policy: options.policy, logger: options.logger });
    this.info = options.info;
    this.calls = new CallDetailsCache({
      ttlMs: options.policy.ttlMs.call ?? CALL_TTL_MS,
      max: options.policy.cacheMaxEntries,
      fetch: (callId) => this.client.call(callId),
    });
  }

  /**
   * The conference and its members, fetched concurrently, then at most one member call's
   * details (the one never read, or read longest ago), for recording and transcription.
   */
  async getSnapshot(conferenceId: string): Promise<CallSnapshot> {
    const [conference, members] = await Promise.all([
      this.conferences.read(conferenceId, () => this.client.conference(conferenceId)),
      this.members.read(conferenceId, () => this.client.members(conferenceId)),
    ]);
    const callIds = activeMemberCallIds(members.value).filter((id): id is string => id !== null);
    await this.calls.refreshOne(conferenceId, callIds);
    // The older of the two reads is when the snapshot as a whole was known to be true.
    const observedAt = conference.observedAt < members.observedAt ? conference.observedAt : members.observedAt;
    return toSnapshot(conferenceId, conference.value, members.value, {
      observedAt,
      stale: conference.stale || members.stale,
    }, (callId) => this.calls.get(callId));
  }

  /**
   * A webhook said the conference changed: its next snapshot reads the vendor again, and the
   * member calls it named are refreshed first (a new member's call may record).
   */
  invalidate(conferenceId: string, memberCallIds: readonly string[] = []): void {
    this.conferences.invalidate(conferenceId);
    this.members.invalidate(conferenceId);
    this.calls.invalidate(memberCallIds);
  }

  breakerState(): BreakerState {
    return this.client.breakerState();
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
