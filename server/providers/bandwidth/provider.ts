import type { FastifyBaseLogger } from 'fastify';
import type { ProviderInfo } from '../../../src/contract/dashboard';
import type { CallSnapshot } from '../../../src/contract/snapshot';
import type { BandwidthVendorConfig } from './config';
import type { UpstreamPolicy } from '../../upstream/policy';
import { ReadCache } from '../../upstream/cache';
import type { BreakerState, Provider } from '../types';
import { BandwidthClient } from './client';
import { toSnapshot } from './map';
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

  constructor(options: BandwidthProviderOptions) {
    this.conferences = new ReadCache<Conference>({ ttlMs: SNAPSHOT_TTL_MS, policy: options.policy, resource: 'conference' });
    this.members = new ReadCache<Member[]>({ ttlMs: SNAPSHOT_TTL_MS, policy: options.policy, resource: 'conference' });
    this.client = new BandwidthClient(options.config, { policy: options.policy, logger: options.logger });
    this.info = options.info;
  }


  /** The conference and its members, fetched concurrently. */
  async getSnapshot(conferenceId: string): Promise<CallSnapshot> {
    const [conference, members] = await Promise.all([
      this.conferences.read(conferenceId, () => this.client.conference(conferenceId)),
      this.members.read(conferenceId, () => this.client.members(conferenceId)),
    ]);
    // The older of the two reads is when the snapshot as a whole was known to be true.
    const observedAt = conference.observedAt < members.observedAt ? conference.observedAt : members.observedAt;
    return toSnapshot(conferenceId, conference.value, members.value, {
      observedAt,
      stale: conference.stale || members.stale,
    });
  }

  breakerState(): BreakerState {
    return this.client.breakerState();
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
