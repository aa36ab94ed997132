import type { FastifyBaseLogger } from 'fastify';
import type { ProviderInfo } from '../../../src/contract/dashboard';
import type { CallSnapshot } from '../../../src/contract/snapshot';
import type { TencentVendorConfig } from './config';
import type { UpstreamPolicy } from '../../upstream/policy';
import { LRUCache } from 'lru-cache';
import { ReadCache } from '../../upstream/cache';
import type { BreakerState, Provider } from '../types';
import { TencentClient } from './client';
import { toSnapshot } from './map';
import type { TencentCallInfo } from './schema';

export interface TencentProviderOptions {
  config: TencentVendorConfig;
  info: ProviderInfo;
  policy: UpstreamPolicy;
  logger: FastifyBaseLogger;
  now?: () => number;
}

const CALL_TTL_MS = 1000;

/** Tencent TUICallKit call engine v4: one live call's members. No listing API, no summaries. */
export class TencentProvider implements Provider {
  readonly id = 'tencent' as const;
  readonly info: ProviderInfo;
  private readonly client: TencentClient;
  private readonly calls: ReadCache<TencentCallInfo>;
  /** TRTC RoomId → CallId from the calls read so far; bounded like the caches. */
  private readonly callOfRoom: LRUCache<string, string>;
  private readonly roomOfCall: LRUCache<string, string>;

  constructor(options: TencentProviderOptions) {
    this.calls = new ReadCache<TencentCallInfo>({ ttlMs: CALL_TTL_MS, policy: options.policy, resource: 'status' });
    this.client = new TencentClient(options.config, {
      policy: options.policy,
      logger: options.logger,
      ...(options.now ? { now: options.now } : {}),
    });
    this.info = options.info;
    this.callOfRoom = new LRUCache<string, string>({ max: options.policy.cacheMaxEntries });
    this.roomOfCall = new LRUCache<string, string>({ max: options.policy.cacheMaxEntries });
  }

  async getSnapshot(callId: string): Promise<CallSnapshot> {
    const observed = await this.calls.read(callId, () => this.client.callInfo(callId));
    const roomId = observed.value.CallInfo.RoomId;
    if (roomId !== undefined) {
      this.callOfRoom.set(roomId, callId);
      this.roomOfCall.set(callId, roomId);
    }
    return toSnapshot(callId, observed.value, observed);
  }

  /** The call a TRTC callback's RoomId belongs to, if this BFF has read that call. */
  callIdForRoom(roomId: string): string | undefined {
    return this.callOfRoom.get(roomId);
  }

  roomIdForCall(callId: string): string | undefined {
    return this.roomOfCall.get(callId);
  }

  invalidate(callId: string): void {
    this.calls.invalidate(callId);
  }

  breakerState(): BreakerState {
    return this.client.breakerState();
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
