import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ProviderId } from '../../src/contract/ids';
import type { Deliveries, WebhookTarget } from './push/deliver';
import type { Random } from './random';

/**
 * One simulated vendor admin API. It lives under its own path prefix on the simulator's
 * listener and speaks that vendor's real wire format, credentials included. `Config` is the
 * vendor's own config type: what the BFF needs to talk to this simulator.
 */
export interface VendorSimulator<Config = unknown> {
  readonly vendor: ProviderId;
  /** e.g. `/proconf/api`: the part of the base URL after the origin. */
  readonly prefix: string;
  /** Routes, registered inside the prefix. */
  register(app: FastifyInstance): void;
  /** Control routes for tests and the e2e suite, registered under `/__sim/<vendor>`. */
  registerControl?(app: FastifyInstance): void;
  /** One step of the live scenario. */
  tick(now: Date): void;
  /** The vendor's own answer to "too many requests" (fault mode `rate-limit`). */
  sendRateLimited(reply: FastifyReply, retryAfterMs: number): void;
  /** The vendor's own answer for an internal error (fault mode `error500`). */
  sendServerError(reply: FastifyReply): void;
  /** How the BFF must be configured to talk to this simulator, given its base origin. */
  bffConfig(origin: string): Config;
  /**
   * Calls of a vendor that cannot list its rooms: the overview can only show them once pinned,
   * so start-up pins these and prints where they are. They never end.
   */
  demoCalls?(): string[];
  /**
   * For vendors that push: send this vendor's webhooks, signed with `target.sign`, to
   * `target.url` from now on. `deliveries` holds those in flight. Returns the stop.
   */
  sendWebhooks?(target: WebhookTarget, deliveries: Deliveries): () => void;
}

/**
 * How one vendor is simulated: attached to the vendor's id where the app is wired
 * (catalog.ts, or a list handed to startSimulator/startRoomwatch), never by the vendor's own
 * module, so the fakes stay out of production code. Each gets its own random stream and the
 * scenario's start.
 */
export interface VendorSimulatorSpec<Config = unknown> {
  create(context: { random: Random; start: Date }): VendorSimulator<Config> & { world: object };
  /**
   * For vendors that push: a fresh webhook secret for the demo (simulator on, nothing
   * configured), of the vendor's own kind and fitting this simulator's config (TRTC's app id).
   * The BFF's receiver and the simulator's sender both use it.
   */
  demoWebhookSecret?(config: Config): unknown;
}

/** The simulators to attach, by vendor id; a vendor with none is not simulated. */
export type SimulatorCatalog = Readonly<Record<ProviderId, VendorSimulatorSpec>>;
