import { z } from 'zod';
import { optionalString } from '../../envFields';

/**
 * Sign-in with the team's identity provider (OpenID Connect): its environment variables, spread
 * into the process env schema. OIDC_ISSUER turns it on; the cross-checks below then name each
 * variable a half configuration is missing.
 */
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** `https:`, or plain http on a loopback address only (a provider on the developer's machine). */
export function isAllowedIssuer(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}

const issuerUrl = optionalString.pipe(
  z
    .string()
    .refine(isAllowedIssuer, 'must be an https: URL (plain http only on 127.0.0.1 or localhost)')
    .optional(),
);

const commaList = z
  .string()
  .optional()
  .transform((list) => (list ?? '').split(',').map((item) => item.trim()).filter(Boolean))
  .pipe(z.array(z.string().max(256)).max(100));

/** A claim name, or a dotted path into nested claims (`realm_access.roles`). */
const claimPath = z.string().trim().regex(/^[A-Za-z0-9_:/-]+(\.[A-Za-z0-9_:/-]+)*$/, 'must be a claim name or a dotted path like realm_access.roles');

export const oidcEnvShape = {
  OIDC_ISSUER: issuerUrl,
  OIDC_CLIENT_ID: optionalString,
  OIDC_CLIENT_SECRET: optionalString,
  OIDC_CLIENT_AUTH: z.enum(['client_secret_basic', 'client_secret_post']).default('client_secret_basic'),
  OIDC_SCOPES: z
    .string()
    .trim()
    .default('openid profile email')
    .transform((s) => s.split(/\s+/).filter(Boolean))
    .refine((scopes) => scopes.includes('openid'), 'must include openid'),
  OIDC_GROUPS_CLAIM: claimPath.default('groups'),
  OIDC_MODERATOR_GROUPS: commaList,
  OIDC_ROOMS_CLAIM: optionalString.pipe(claimPath.optional()),
  OIDC_DISPLAY_NAME: optionalString.pipe(z.string().max(80).optional()),
  OIDC_ACCESS_CONTACT: optionalString.pipe(z.string().max(200).optional()),
  SESSION_HOURS: z.coerce.number().positive().max(24 * 30).default(8),
};
export const oidcEnvSchema = z.object(oidcEnvShape);
export type OidcEnv = z.infer<typeof oidcEnvSchema>;

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  clientAuth: 'client_secret_basic' | 'client_secret_post';
  scopes: readonly string[];
  groupsClaim: string;
  /** `*` lets every signed-in user in as a moderator. */
  moderatorGroups: readonly string[];
  roomsClaim: string | undefined;
  displayName: string;
  accessContact: string;
  /** `<PUBLIC_URL>/auth/callback`. */
  redirectUri: string;
  /** Where the IdP sends the browser after RP-initiated logout: `<PUBLIC_URL>/signin`. */
  postLogoutRedirectUri: string;
  sessionSeconds: number;
  /** SESSION_SECRET: keys the encrypted sign-in transaction cookie. */
  sessionSecret: string;
}

/**
 * The problems of a half configuration, each naming the missing variable. Empty when OIDC is off
 * (no OIDC_ISSUER) or complete.
 */
export function oidcProblems(env: OidcEnv & { PUBLIC_URL?: string | undefined; SESSION_SECRET?: string | undefined }): string[] {
  const anySet = env.OIDC_CLIENT_ID !== undefined || env.OIDC_CLIENT_SECRET !== undefined || env.OIDC_MODERATOR_GROUPS.length > 0;
  if (env.OIDC_ISSUER === undefined) {
    return anySet ? ['OIDC_ISSUER: required with OIDC_CLIENT_ID, OIDC_CLIENT_SECRET or OIDC_MODERATOR_GROUPS'] : [];
  }
  const missing: string[] = [];
  const need = (name: string, value: unknown, why = 'required with OIDC_ISSUER') => {
    if (value === undefined || (Array.isArray(value) && value.length === 0)) missing.push(`${name}: ${why}`);
  };
  need('OIDC_CLIENT_ID', env.OIDC_CLIENT_ID);
  need('OIDC_CLIENT_SECRET', env.OIDC_CLIENT_SECRET);
  need('OIDC_MODERATOR_GROUPS', env.OIDC_MODERATOR_GROUPS, 'required with OIDC_ISSUER (a comma list of groups, or * for everyone)');
  need('SESSION_SECRET', env.SESSION_SECRET, 'required with OIDC_ISSUER (32+ characters)');
  need('PUBLIC_URL', env.PUBLIC_URL, 'required with OIDC_ISSUER (the redirect URI is <PUBLIC_URL>/auth/callback)');
  return missing;
}

/** The OIDC settings, or undefined when OIDC is off. Call after oidcProblems found nothing. */
export function oidcConfig(env: OidcEnv & { PUBLIC_URL?: string | undefined; SESSION_SECRET?: string | undefined }): OidcConfig | undefined {
  const { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret, PUBLIC_URL: publicUrl, SESSION_SECRET: sessionSecret } = env;
  if (!issuer || !clientId || !clientSecret || !publicUrl || !sessionSecret) return undefined;
  const base = publicUrl.replace(/\/+$/, '');
  return {
    issuer,
    clientId,
    clientSecret,
    clientAuth: env.OIDC_CLIENT_AUTH,
    scopes: env.OIDC_SCOPES,
    groupsClaim: env.OIDC_GROUPS_CLAIM,
    moderatorGroups: env.OIDC_MODERATOR_GROUPS,
    roomsClaim: env.OIDC_ROOMS_CLAIM,
    displayName: env.OIDC_DISPLAY_NAME ?? new URL(issuer).host,
    accessContact: env.OIDC_ACCESS_CONTACT ?? 'your roomwatch administrator',
    redirectUri: `${base}/auth/callback`,
    postLogoutRedirectUri: `${base}/signin`,
    sessionSeconds: Math.round(env.SESSION_HOURS * 3600),
    sessionSecret,
  };
}
