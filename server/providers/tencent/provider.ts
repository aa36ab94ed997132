import type { FastifyBaseLogger } from 'fastify';
import type { ProviderInfo } from '../../../src/contract/dashboard';
import type { CallSnapshot } from '../../../src/contract/snapshot';
import type { TencentVendorConfig } from '../../config';
import { ReadCache } from '../../upstream/cache';
import type { BreakerState, Provider } from '../types';
import { TencentClient } from './client';
import { toSnapshot } from './map';
import type { TencentCallInfo } from './schema';

export interface TencentProviderOptions {
  config: TencentVendorConfig;
  source: ProviderInfo['source'];
  timeoutMs: number;
  logger: FastifyBaseLogger;
  now?: () => number;
}

const CALL_TTL_MS = 1000;

/** Tencent TUICallKit call engine v4: one live call's members. No listing API, no summaries. */
export class TencentProvider implements Provider {
  readonly id = 'tencent' as const;
  readonly info: ProviderInfo;
  private readonly client: TencentClient;
  private readonly calls = new ReadCache<TencentCallInfo>({ ttlMs: CALL_TTL_MS, provider: 'tencent', resource: 'status' });

  constructor(options: TencentProviderOptions) {
    this.client = new TencentClient(options.config, {
      timeoutMs: options.timeoutMs,
      logger: options.logger,
      ...(options.now ? { now: options.now } : {}),
    });
    this.info = {
      id: 'tencent',
      label: 'Tencent',
      source: options.source,
      capabilities: { catchUp: false, recording: false, transcription: false, participants: true, roomListing: false },
    };
  }

  /** CallIds go in the JSON body, never the path; the shared allow-list is all they need. */
  isValidCallId(): boolean {
    return true;
  }

  async getSnapshot(callId: string): Promise<CallSnapshot> {
    const observed = await this.calls.read(callId, () => this.client.callInfo(callId));
    return toSnapshot(callId, observed.value, observed);
  }

  breakerState(): BreakerState {
    return this.client.breakerState();
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
