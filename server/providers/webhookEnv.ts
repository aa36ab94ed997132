import type { WebhookAuth } from '../push/sender';

/**
 * A vendor's webhook Basic credentials from `<PREFIX>_USER` and `<PREFIX>_PASSWORD`: both or
 * neither; with neither the receiver stays off.
 */
export function basicWebhook(
  provider: 'bandwidth' | 'cometchat',
  prefix: string,
  username: string | undefined,
  password: string | undefined,
): { ok: true; push: WebhookAuth | undefined } | { ok: false; problems: string[] } {
  if (username === undefined && password === undefined) return { ok: true, push: undefined };
  if (username === undefined || password === undefined) {
    const missing = username === undefined ? `${prefix}_USER` : `${prefix}_PASSWORD`;
    return { ok: false, problems: [`${missing}: required with the other of ${prefix}_USER/${prefix}_PASSWORD`] };
  }
  if (username.includes(':')) return { ok: false, problems: [`${prefix}_USER: must not contain ':' (HTTP Basic)`] };
  return { ok: true, push: { provider, credentials: { username, password } } };
}
