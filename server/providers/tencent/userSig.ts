import { createHmac } from 'node:crypto';
import { deflateSync } from 'node:zlib';

/**
 * Tencent's TLSSigAPIv2 UserSig: an HMAC-SHA256 (keyed by the app's
 * secret key) over a fixed text naming identifier, sdkappid, issue time and lifetime; the
 * JSON document holding it is zlib-deflated and base64-encoded with Tencent's URL-safe
 * alphabet (`+`→`*`, `/`→`-`, `=`→`_`).
 */

export interface UserSigParams {
  sdkAppId: number;
  identifier: string;
  secretKey: string;
}

export function userSigHmac(params: UserSigParams, time: number, expire: number): string {
  const content =
    `TLS.identifier:${params.identifier}\n` +
    `TLS.sdkappid:${params.sdkAppId}\n` +
    `TLS.time:${time}\n` +
    `TLS.expire:${expire}\n`;
  return createHmac('sha256', params.secretKey).update(content).digest('base64');
}

export function base64UrlTencent(buffer: Buffer): string {
  return buffer.toString('base64').replace(/\+/g, '*').replace(/\//g, '-').replace(/=/g, '_');
}

/** One UserSig issued at `time` (unix seconds), valid for `expire` seconds. */
export function generateUserSig(params: UserSigParams, time: number, expire: number): string {
  // Key order and number types follow Tencent's reference implementations.
  const doc = {
    'TLS.ver': '2.0',
    'TLS.identifier': params.identifier,
    'TLS.sdkappid': params.sdkAppId,
    'TLS.time': time,
    'TLS.expire': expire,
    'TLS.sig': userSigHmac(params, time, expire),
  };
  return base64UrlTencent(deflateSync(Buffer.from(JSON.stringify(doc))));
}

export interface UserSigCacheOptions extends UserSigParams {
  /** Lifetime of each generated sig, seconds. */
  ttlSeconds?: number;
  /** Renew when less than this much lifetime is left, seconds. */
  renewBeforeSeconds?: number;
  /** Clock in ms, injectable for tests. */
  now?: () => number;
}

const DEFAULT_TTL_S = 24 * 3600;
const DEFAULT_RENEW_BEFORE_S = 3600;

/**
 * Generates once and reuses until close to expiry: signing is cheap, but a stable sig keeps
 * request URLs uniform, and renewing an hour early means no request ever carries a sig that
 * expires in flight. `invalidate()` is for when Tencent says the sig expired anyway (clock skew).
 */
export class UserSigCache {
  private current: { sig: string; expiresAt: number } | undefined;
  private readonly ttl: number;
  private readonly renewBefore: number;
  private readonly now: () => number;

  constructor(private readonly options: UserSigCacheOptions) {
    this.ttl = options.ttlSeconds ?? DEFAULT_TTL_S;
    this.renewBefore = Math.min(options.renewBeforeSeconds ?? DEFAULT_RENEW_BEFORE_S, Math.floor(this.ttl / 2));
    this.now = options.now ?? Date.now;
  }

  get(): string {
    const nowS = Math.floor(this.now() / 1000);
    if (!this.current || this.current.expiresAt - nowS <= this.renewBefore) {
      this.current = { sig: generateUserSig(this.options, nowS, this.ttl), expiresAt: nowS + this.ttl };
    }
    return this.current.sig;
  }

  invalidate(): void {
    this.current = undefined;
  }
}
