import type { onRequestAsyncHookHandler } from 'fastify';
import type { Config } from '../config';
import type { ProviderSet } from '../providers/registry';
import type { TokenIssuer } from '../auth/issuer';
import type { DemoSignIn } from '../auth/demoSignIn';
import type { TokenVerifier } from '../auth/verifier';
import type { RoomRef } from '../../src/contract/roomAccess';
import type { AlertService } from '../alerts/service';
import type { HistoryRuntime } from '../watch/historyRuntime';
import type { ShareLinks } from '../auth/shareLinks';
import type { PushWiring } from '../push/wiring';
import type { OidcClient } from '../auth/oidc/client';
import type { AuditService } from '../audit/service';
import type { MetricsRecorder } from '../metrics/recorder';
import type { EvidenceKeys } from '../evidence/keys';
import type { AssuranceService } from '../assurance/service';
import type { CallStatusAnswers } from './callStatusAnswers';

/** What the route plugins are handed by buildApp. */
export interface RouteContext {
  config: Config;
  providers: ProviderSet;
  issuer: TokenIssuer;
  demoSignIn: DemoSignIn | undefined;
  verifier: TokenVerifier;
  /** onRequest hook of state-changing routes: same-origin and a JSON content type (security/sameOrigin.ts). */
  sameOriginJson: onRequestAsyncHookHandler;
  /** Rooms listed on the overview whether or not their vendor can list calls. */
  watchRooms: readonly RoomRef[];
  /** Store and watcher; undefined with HISTORY=off (the history routes then answer 404). */
  history: HistoryRuntime | undefined;
  /** Minted share links: listing and revocation (kept in the history's database, or in memory). */
  shareLinks: ShareLinks;
  /** Alert rules and alerts; undefined with HISTORY=off (the alert routes then answer 404). */
  alerts?: AlertService | undefined;
  /** Webhook receivers and where accepted deliveries go; absent when no webhook secret is configured. */
  push: PushWiring | undefined;
  /** The evidence signer's keys; undefined with HISTORY=off (the evidence routes then answer 404). */
  evidence?: EvidenceKeys | undefined;
  /** Recording policies and each call's frozen governance; undefined: every call is ungoverned. */
  assurance?: AssuranceService | undefined;
  /** Sign-in with the team's identity provider; undefined when OIDC is not configured. */
  oidc?: OidcClient | undefined;
  /** Where changes people make are recorded; undefined when there is no store to keep them. */
  audit?: AuditService | undefined;
  /** `off` without REDIS_URL; else whether Redis answers now (for /readyz). */
  redisStatus(): 'ok' | 'degraded' | 'off';
  /** ProCONF `/callStatus` answers, shared with the hot path (server/hotPath) so both send the same bytes. */
  callStatus: CallStatusAnswers;
  /** With METRICS_PORT: where routes count what they do (answer sources, long polls held). */
  metrics?: MetricsRecorder | undefined;
}
