import * as oidc from 'openid-client';
import type { FastifyBaseLogger } from 'fastify';
import { claimAt } from './claims';
import type { OidcConfig } from './config';
import type { Transaction } from './transaction';

/** How often discovery is re-read: an outage shows on /readyz within one period plus the timeout. */
export const DISCOVERY_RECHECK_MS = 10_000;
/** Per request to the IdP, in seconds (openid-client's unit). */
const IDP_TIMEOUT_SECONDS = 4;

export type IdpStatus = 'ok' | 'degraded';

/** A sign-in that cannot finish; `kind` picks the page (400 sign-in failed, 503 IdP unreachable). */
export class SignInFailure extends Error {
  constructor(
    readonly kind: 'rejected' | 'unreachable',
    /** For the log only: never a token, code or secret. */
    readonly reason: string,
  ) {
    super(reason);
  }
}

export interface CompletedSignIn {
  sub: string;
  /** The ID token's claims, with userinfo's filled in where the ID token lacks them. */
  claims: Record<string, unknown>;
}

function isNetworkFailure(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err.name === 'AbortError' || err.name === 'TimeoutError') return true;
  // fetch rejects with TypeError('fetch failed') when the IdP cannot be reached.
  if (err instanceof TypeError && /fetch failed/i.test(err.message)) return true;
  return err.cause instanceof Error && isNetworkFailure(err.cause);
}

/** The claim a validation failure names, searched down the cause chain (openid-client wraps oauth4webapi's errors). */
function claimNamed(err: unknown, depth = 0): string | undefined {
  if (typeof err !== 'object' || err === null || depth > 4) return undefined;
  const { claim, cause } = err as { claim?: unknown; cause?: unknown };
  return typeof claim === 'string' ? claim : claimNamed(cause, depth + 1);
}

/** A short, token-free description of why the IdP or openid-client refused. */
function reasonOf(err: unknown): string {
  if (err instanceof oidc.ResponseBodyError) return `idp answered ${err.status} ${err.error}`;
  if (err instanceof oidc.AuthorizationResponseError) return `authorization error ${err.error}`;
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    // oauth4webapi names the failing claim (`aud`, `iss`, `nonce`, `exp`) in the cause; its value stays out.
    const claim = claimNamed(err);
    const which = claim ? ` (${claim})` : '';
    return `${typeof code === 'string' ? `${code}: ` : ''}${err.message}${which}`.slice(0, 300);
  }
  return 'unknown failure';
}

/**
 * The BFF as a confidential OIDC client. Discovery runs at start and every 10 s after, so the
 * sign-in page and /readyz know whether the IdP can be reached; a failed check keeps nothing
 * stale around (a login then answers 503 rather than sending the browser to a dead IdP).
 */
export class OidcClient {
  private configuration: oidc.Configuration | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private lastFailure: string | undefined;

  constructor(
    readonly config: OidcConfig,
    private readonly logger: FastifyBaseLogger,
    private readonly recheckMs = DISCOVERY_RECHECK_MS,
  ) {}

  /** First discovery (an unreachable IdP does not stop start-up), then the periodic re-check. */
  async start(): Promise<void> {
    await this.check();
    this.schedule();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }

  status(): IdpStatus {
    return this.configuration ? 'ok' : 'degraded';
  }

  private schedule(): void {
    if (this.closed) return;
    this.timer = setTimeout(() => {
      void this.check().finally(() => this.schedule());
    }, this.recheckMs);
    this.timer.unref();
  }

  private async check(): Promise<void> {
    try {
      const { issuer, clientId, clientSecret, clientAuth } = this.config;
      const auth = clientAuth === 'client_secret_post' ? oidc.ClientSecretPost(clientSecret) : oidc.ClientSecretBasic(clientSecret);
      const insecure = new URL(issuer).protocol === 'http:';
      this.configuration = await oidc.discovery(new URL(issuer), clientId, undefined, auth, {
        timeout: IDP_TIMEOUT_SECONDS,
        ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
      });
      if (this.lastFailure !== undefined) this.logger.info({ issuer }, 'identity provider reachable again');
      this.lastFailure = undefined;
    } catch (err) {
      this.configuration = undefined;
      const reason = reasonOf(err);
      if (this.lastFailure !== reason) this.logger.warn({ issuer: this.config.issuer, reason }, 'identity provider discovery failed');
      this.lastFailure = reason;
    }
  }

  private current(): oidc.Configuration {
    if (!this.configuration) throw new SignInFailure('unreachable', 'identity provider discovery failing');
    return this.configuration;
  }

  /** A fresh transaction and the IdP URL that starts it. */
  async begin(returnTo: string): Promise<{ url: URL; transaction: Transaction }> {
    const configuration = this.current();
    const transaction: Transaction = {
      verifier: oidc.randomPKCECodeVerifier(),
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      returnTo,
    };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.config.redirectUri,
      scope: this.config.scopes.join(' '),
      code_challenge: await oidc.calculatePKCECodeChallenge(transaction.verifier),
      code_challenge_method: 'S256',
      state: transaction.state,
      nonce: transaction.nonce,
    });
    return { url, transaction };
  }

  /**
   * Checks state, trades the code (with the PKCE verifier), validates the ID token (issuer,
   * audience, nonce, expiry, algorithm) and reads userinfo when the ID token lacks the groups
   * or a name. `search` is the callback's query string.
   */
  async complete(search: string, transaction: Transaction): Promise<CompletedSignIn> {
    const configuration = this.current();
    const callbackUrl = new URL(this.config.redirectUri);
    callbackUrl.search = search;
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: transaction.verifier,
        expectedState: transaction.state,
        expectedNonce: transaction.nonce,
        idTokenExpected: true,
      });
    } catch (err) {
      throw new SignInFailure(isNetworkFailure(err) ? 'unreachable' : 'rejected', reasonOf(err));
    }
    const idClaims = tokens.claims();
    if (!idClaims) throw new SignInFailure('rejected', 'no id token');
    const claims: Record<string, unknown> = { ...idClaims };
    const lacksGroups = claimAt(claims, this.config.groupsClaim) === undefined;
    const lacksName = typeof claims.name !== 'string' && typeof claims.email !== 'string';
    if ((lacksGroups || lacksName) && configuration.serverMetadata().userinfo_endpoint) {
      try {
        const info = await oidc.fetchUserInfo(configuration, tokens.access_token, idClaims.sub);
        for (const [key, value] of Object.entries(info)) if (!(key in claims)) claims[key] = value;
      } catch (err) {
        throw new SignInFailure(isNetworkFailure(err) ? 'unreachable' : 'rejected', `userinfo: ${reasonOf(err)}`);
      }
    }
    return { sub: idClaims.sub, claims };
  }

  /**
   * RP-initiated logout, when the IdP offers it: with client_id and post_logout_redirect_uri,
   * never an id_token_hint (IdP tokens never reach the browser, and the BFF keeps none).
   */
  endSessionUrl(): string | null {
    const configuration = this.configuration;
    if (!configuration?.serverMetadata().end_session_endpoint) return null;
    return oidc
      .buildEndSessionUrl(configuration, {
        client_id: this.config.clientId,
        post_logout_redirect_uri: this.config.postLogoutRedirectUri,
      })
      .toString();
  }
}
