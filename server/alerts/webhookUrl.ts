import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isForbiddenAddress, isForbiddenName } from './addressPolicy';

/** Why a webhook URL is refused, in words a moderator can act on. */
export class WebhookUrlError extends Error {
  constructor(readonly publicMessage: string) {
    super(publicMessage);
    this.name = 'WebhookUrlError';
  }
}

export interface CheckedUrl {
  url: URL;
  /** Lower-case host without IPv6 brackets. */
  host: string;
  allowed: boolean;
}

const hostOf = (url: URL) => url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');

/** What may be logged or shown of a webhook URL: its origin, never its path, query or credentials. */
export function originOf(raw: string): string {
  try {
    return new URL(raw).origin;
  } catch {
    return '(invalid URL)';
  }
}

/**
 * The check made when a rule is saved: https only (http too for ALERT_WEBHOOK_ALLOW hosts), no
 * address literal or name that points at this host, a private network or a metadata service.
 * Names are checked again, resolved, before every delivery (resolveWebhookTarget).
 */
export function checkWebhookUrl(raw: string, allow: readonly string[]): CheckedUrl {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookUrlError('The webhook URL is not a valid URL.');
  }
  const host = hostOf(url);
  const allowed = allow.includes(host);
  if (url.protocol !== 'https:' && !(allowed && url.protocol === 'http:')) {
    throw new WebhookUrlError('The webhook URL must start with https://.');
  }
  if (host === '') throw new WebhookUrlError('The webhook URL has no host.');
  if (!allowed) {
    if (isIP(host) !== 0 ? isForbiddenAddress(host) : isForbiddenName(host)) {
      throw new WebhookUrlError('The webhook URL points at a private, loopback or link-local address, which is not allowed.');
    }
    // WHATWG URL reads `0x7f.1` or `2130706433` as IPv4 already; a host that still looks numeric is odd.
    if (/^[\d.]+$/.test(host)) throw new WebhookUrlError('The webhook URL host is not a valid address.');
  }
  return { url, host, allowed };
}

export interface ResolvedTarget {
  url: URL;
  /** The address the connection is pinned to: the one that was checked. */
  address: string;
  family: 4 | 6;
}

export type Resolver = (host: string) => Promise<{ address: string; family: number }[]>;
const systemResolver: Resolver = (host) => lookup(host, { all: true, verbatim: true });

/**
 * The check made at delivery: the saved check again, then every address the name resolves to
 * must be public (one bad record is enough to refuse: a rebinding name often answers both).
 */
export async function resolveWebhookTarget(raw: string, allow: readonly string[], resolver: Resolver = systemResolver): Promise<ResolvedTarget> {
  const { url, host, allowed } = checkWebhookUrl(raw, allow);
  const literal = isIP(host);
  if (literal !== 0) return { url, address: host, family: literal === 6 ? 6 : 4 };
  let addresses: { address: string; family: number }[];
  try {
    addresses = await resolver(host);
  } catch {
    throw new WebhookUrlError('The webhook host name does not resolve.');
  }
  const first = addresses[0];
  if (!first) throw new WebhookUrlError('The webhook host name does not resolve.');
  if (!allowed && addresses.some((a) => isForbiddenAddress(a.address))) {
    throw new WebhookUrlError('The webhook host name resolves to a private, loopback or link-local address, which is not allowed.');
  }
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}
