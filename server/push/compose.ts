import { randomBytes } from 'node:crypto';
import type { ProviderId } from '../../src/contract/ids';
import type { RoomRef } from '../../src/contract/roomAccess';
import type { ProviderSet } from '../providers/registry';
import { withPushedFlags } from './overlayProviders';
import { PushedFlags } from './pushedFlags';
import { PushHealth } from './pushHealth';
import { createPushService } from './pushService';
import { SeenEvents } from './idempotency';
import type { WebhookAuth } from './sender';
import type { PushWiring } from './wiring';

/** Polling slows to this multiple of its interval while a vendor's webhooks arrive. */
export const PUSH_POLL_SLOWDOWN = 3;
/** No webhook for this long and polling is back to its normal pace. */
export const PUSH_QUIET_MS = 120_000;

/**
 * Random webhook secrets for the demo (simulator on, no vendor configured): the BFF's
 * receivers and the simulator's senders get the same ones, so the demo runs with push.
 */
export function demoWebhookSecrets(vendors: readonly ProviderId[], tencentSdkAppId: number | undefined): Record<ProviderId, WebhookAuth> {
  const secrets: Record<ProviderId, WebhookAuth> = {};
  const basic = () => ({ username: `hook-${randomBytes(6).toString('hex')}`, password: randomBytes(24).toString('base64url') });
  for (const id of vendors) {
    if (id === 'bandwidth' || id === 'cometchat') secrets[id] = { provider: id, credentials: basic() };
    if (id === 'tencent' && tencentSdkAppId !== undefined) {
      // The TRTC console allows up to 32 letters and digits.
      secrets[id] = { provider: 'tencent', secret: { key: randomBytes(16).toString('hex'), sdkAppId: String(tencentSdkAppId) } };
    }
  }
  return secrets;
}

export interface ComposedPush {
  /** The providers to read through: pushed flags laid over their snapshots. */
  providers: ProviderSet;
  wiring: PushWiring;
  health: PushHealth;
  /**
   * Where an accepted delivery's rooms are read again. Until a watcher is set, a snapshot
   * read (refilling the cache); with one, its `refresh` (history written by one writer).
   */
  setRefresh(refresh: (room: RoomRef) => Promise<void>): void;
}

/** Everything push needs, around the providers; undefined when no webhook secret is configured. */
export function composePush(providers: ProviderSet, secrets: Readonly<Record<ProviderId, WebhookAuth>>): ComposedPush | undefined {
  if (Object.keys(secrets).length === 0) return undefined;
  const flags = new PushedFlags();
  const health = new PushHealth({ quietMs: PUSH_QUIET_MS, slowdown: PUSH_POLL_SLOWDOWN });
  const overlaid = withPushedFlags(providers, flags);
  let refresh = async (room: RoomRef): Promise<void> => {
    await overlaid.get(room.provider)?.getSnapshot(room.callId);
  };
  const service = createPushService({ providers: overlaid, flags, health, refresh: (room) => refresh(room) });
  return {
    providers: overlaid,
    wiring: { secrets, service, seen: new SeenEvents() },
    health,
    setRefresh(next) {
      refresh = next;
    },
  };
}
