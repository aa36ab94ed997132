import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProviderId } from '../../src/contract/ids';
import { faultSchema, NO_FAULT, type Fault } from './faults';
import { RequestLog } from './requestLog';
import type { VendorSimulator } from './types';

export interface SimulatorHostOptions {
  vendors: readonly VendorSimulator[];
  port?: number;
  host?: string;
  /** Scenario step interval; 0 turns the clock off (tests step it with tick()). */
  tickMs?: number;
}

export interface SimulatorHandle {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** Each simulated vendor's config pointing here, by id: what the BFF needs to talk to it. */
  vendorConfigs: Readonly<Record<ProviderId, unknown>>;
  requests: RequestLog;
  setFault(vendor: ProviderId, fault: Partial<Fault> & Pick<Fault, 'mode'>): void;
  clearFaults(): void;
  tick(now?: Date): void;
  close(): Promise<void>;
}

/**
 * Plays a vendor's failure before its routes see the request. Returns the reply when the
 * fault answered (or hijacked the socket), nothing when the request goes on to the vendor.
 */
async function applyFault(
  fault: Fault,
  sim: VendorSimulator,
  request: FastifyRequest,
  reply: FastifyReply,
  closing: () => boolean,
): Promise<FastifyReply | undefined> {
  switch (fault.mode) {
    case 'none':
      return undefined;
    case 'down':
      request.raw.socket.destroy();
      return reply.hijack();
    case 'hang':
      while (!closing()) await sleep(50);
      request.raw.socket.destroy();
      return reply.hijack();
    case 'slow':
      await sleep(fault.delayMs);
      return undefined;
    case 'error500':
      sim.sendServerError(reply);
      return reply;
    case 'garbage':
      return reply.code(200).type('application/json').send('<html>upstream proxy error</html>');
    case 'wrong-shape':
      return reply.code(200).send({ unexpected: ['shape'], version: 9 });
    case 'rate-limit':
      sim.sendRateLimited(reply, fault.retryAfterMs);
      return reply;
  }
}

/**
 * One loopback listener for every simulated vendor, each under its own path prefix, plus
 * `/__sim/...` control routes. Faults are applied before the vendor's routes see a request.
 */
export async function startSimulatorHost(options: SimulatorHostOptions): Promise<SimulatorHandle> {
  const app: FastifyInstance = Fastify({ logger: false, forceCloseConnections: true });
  const requests = new RequestLog();
  const faults = new Map<ProviderId, Fault>();
  const vendorByPrefix = options.vendors.map((v) => ({ prefix: v.prefix, sim: v }));
  const vendorFor = (url: string) => vendorByPrefix.find(({ prefix }) => url.startsWith(`${prefix}/`))?.sim;
  let closing = false;

  app.addHook('onRequest', async (request, reply) => {
    const url = request.raw.url ?? '';
    const sim = vendorFor(url);
    requests.add({ vendor: sim?.vendor ?? 'other', method: request.method, url, at: Date.now() });
    if (sim) return applyFault(faults.get(sim.vendor) ?? NO_FAULT, sim, request, reply, () => closing);
  });

  for (const sim of options.vendors) {
    await app.register(
      async (scope) => {
        sim.register(scope);
      },
      { prefix: sim.prefix },
    );
    if (sim.registerControl) {
      const register = sim.registerControl.bind(sim);
      await app.register(async (scope) => register(scope), { prefix: `/__sim/${sim.vendor}` });
    }
  }

  app.post<{ Params: { vendor: string } }>('/__sim/faults/:vendor', async (request, reply) => {
    const sim = options.vendors.find((v) => v.vendor === request.params.vendor);
    const fault = faultSchema.safeParse(request.body);
    if (!sim || !fault.success) return reply.code(400).send({ ok: false });
    faults.set(sim.vendor, fault.data);
    return { ok: true };
  });
  app.get('/__sim/requests', async () => {
    const counts: Record<string, number> = {};
    for (const entry of requests.all()) counts[entry.vendor] = (counts[entry.vendor] ?? 0) + 1;
    return { counts };
  });

  const tick = (now = new Date()) => {
    for (const sim of options.vendors) sim.tick(now);
  };
  const timer = options.tickMs ? setInterval(() => tick(), options.tickMs) : undefined;
  timer?.unref();

  await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('simulator did not bind a TCP port');
  const origin = `http://127.0.0.1:${address.port}`;
  const vendorConfigs = Object.fromEntries(options.vendors.map((v) => [v.vendor, v.bffConfig(origin)]));

  return {
    origin,
    vendorConfigs,
    requests,
    setFault(vendor, fault) {
      faults.set(vendor, faultSchema.parse(fault));
    },
    clearFaults() {
      faults.clear();
    },
    tick,
    async close() {
      closing = true;
      if (timer) clearInterval(timer);
      await app.close();
    },
  };
}
