import type { FastifyBaseLogger } from 'fastify';
import type { ProviderInfo, RoomSummary } from '../../../src/contract/dashboard';
import type { CallSnapshot } from '../../../src/contract/snapshot';
import type { CometChatVendorConfig } from './config';
import type { UpstreamPolicy } from '../../upstream/policy';
import { ReadCache } from '../../upstream/cache';
import type { BreakerState, Provider } from '../types';
import { CometChatClient } from './client';
import { toRoomSummaries, toSnapshot } from './map';
import type { CometChatCall } from './schema';

export interface CometChatProviderOptions {
  config: CometChatVendorConfig;
  info: ProviderInfo;
  policy: UpstreamPolicy;
  logger: FastifyBaseLogger;
}

const CALL_TTL_MS = 1000;
const LIST_TTL_MS = 2000;
/**
 * The overview reads at most this many pages of ongoing calls (100 each) per listing: past
 * 500 live calls the overview is not the right tool, and an unbounded walk would let one
 * poll cost the vendor an unbounded number of requests.
 */
export const MAX_LIST_PAGES = 5;

/** CometChat Calls v3: call details, and the overview's list of ongoing calls. */
export class CometChatProvider implements Provider {
  readonly id = 'cometchat' as const;
  readonly info: ProviderInfo;
  private readonly client: CometChatClient;
  private readonly calls: ReadCache<CometChatCall>;
  private readonly ongoing: ReadCache<CometChatCall[]>;

  constructor(options: CometChatProviderOptions) {
    this.calls = new ReadCache<CometChatCall>({ ttlMs: CALL_TTL_MS, policy: options.policy, resource: 'status' });
    this.ongoing = new ReadCache<CometChatCall[]>({ ttlMs: LIST_TTL_MS, max: 1, policy: options.policy, resource: 'rooms' });
    this.client = new CometChatClient(options.config, { policy: options.policy, logger: options.logger });
    this.info = options.info;
  }


  async getSnapshot(sessionId: string): Promise<CallSnapshot> {
    const observed = await this.calls.read(sessionId, () => this.client.call(sessionId));
    return toSnapshot(sessionId, observed.value, observed);
  }

  /** A webhook said the session changed; a started or ended one also changes the listing. */
  invalidate(sessionId: string): void {
    this.calls.invalidate(sessionId);
    this.ongoing.invalidate('ongoing');
  }

  async listRooms(): Promise<RoomSummary[]> {
    const observed = await this.ongoing.read('ongoing', () => this.readOngoing());
    return toRoomSummaries(observed.value);
  }

  /** Pages one after another (not in parallel): the listing is background work, not worth a burst. */
  private async readOngoing(): Promise<CometChatCall[]> {
    const calls: CometChatCall[] = [];
    for (let page = 1; page <= MAX_LIST_PAGES; page += 1) {
      const answer = await this.client.ongoingCalls(page);
      calls.push(...answer.data);
      const pagination = answer.meta?.pagination;
      if (!pagination || pagination.current_page >= pagination.total_pages || answer.data.length === 0) break;
    }
    // Pages can shift while being walked; one call listed twice would show as two cards.
    return [...new Map(calls.map((call) => [call.sessionId, call])).values()];
  }

  breakerState(): BreakerState {
    return this.client.breakerState();
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
