import type { preHandlerAsyncHookHandler } from 'fastify';
import type { Config, RoomRef } from '../config';
import type { ProviderSet } from '../providers/registry';
import type { TokenIssuer } from '../auth/issuer';
import type { DemoSignIn } from '../auth/demoSignIn';
import type { TokenVerifier } from '../auth/verifier';
import type { onRequestAsyncHookHandler } from 'fastify';

/** Which error contract a route answers in: ProCONF's (every failure behind us is 500) or ours. */
export type RouteFamily = 'proconf' | 'api' | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    family?: RouteFamily;
  }
}

/** What route modules are handed by buildApp. */
export interface RouteContext {
  config: Config;
  providers: ProviderSet;
  issuer: TokenIssuer;
  demoSignIn: DemoSignIn | undefined;
  authenticate: preHandlerAsyncHookHandler;
  verifier: TokenVerifier;
  /** onRequest guard of state-changing routes: same-origin and a JSON content type (security/sameOrigin.ts). */
  sameOriginJson: onRequestAsyncHookHandler;
  /** Rooms listed on the overview whether or not their vendor can list calls. */
  watchRooms: RoomRef[];
}
