import { Agent, createServer, request as forward, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Simulator } from '../../server/simulator';
import { simulatorEnv } from './bffProcess';

/** One upstream request as a tap saw it pass: which instance sent it, to which vendor. */
export interface TappedRequest {
  /** The tap's tag: the instance whose vendor URLs point at it. */
  tag: string;
  vendor: string;
  method: string;
  url: string;
  /** The request body (POST reads name their room there, e.g. Tencent's CallId); '' when none. */
  body: string;
  at: number;
}

/**
 * Which resource a request reads: its path (no query: signatures and nonces live there) and,
 * for a body-carrying read, its body. Two requests for the same resource read the same thing.
 */
export function resourceOf(request: TappedRequest): string {
  const path = request.url.split('?')[0] ?? request.url;
  return request.body === '' ? `${request.method} ${path}` : `${request.method} ${path} ${request.body}`;
}

/**
 * A loopback pass-through in front of a simulator, one per BFF instance: the instance's vendor
 * URLs point at its tap, so every upstream request it sends is known to be its own, with no
 * header or anything else added to what the vendor receives (the Host header is passed on as
 * the instance sent it, so signatures over it still verify).
 */
export interface UpstreamTap {
  readonly tag: string;
  /** `simulatorEnv(simulator)` with each vendor URL pointing at this tap. */
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

/** The requests every tap saw, in the order they arrived. */
export interface TapLog {
  readonly requests: TappedRequest[];
  tap(simulator: Simulator, tag: string): Promise<UpstreamTap>;
}

export function createTapLog(): TapLog {
  const requests: TappedRequest[] = [];
  return {
    requests,
    tap: (simulator, tag) => startTap(simulator, tag, (entry) => requests.push(entry)),
  };
}

const URL_VARS = ['PROCONF_ADMIN_URL', 'BANDWIDTH_API_URL', 'COMETCHAT_API_URL', 'TENCENT_API_URL'] as const;

async function startTap(simulator: Simulator, tag: string, log: (entry: TappedRequest) => void): Promise<UpstreamTap> {
  const base = simulatorEnv(simulator);
  const prefixes: { vendor: string; path: string; target: URL }[] = [];
  for (const [vendor, config] of Object.entries(simulator.vendorConfigs)) {
    const url = (config as { url?: unknown } | undefined)?.url;
    if (typeof url === 'string') prefixes.push({ vendor, path: new URL(url).pathname.replace(/\/$/, ''), target: new URL(url) });
  }
  const origin = prefixes[0]?.target;
  if (!origin) throw new Error('the simulator has no vendor URL');
  const agent = new Agent({ keepAlive: true });
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    const vendor = prefixes.find((prefix) => prefix.path !== '' && (url === prefix.path || url.startsWith(`${prefix.path}/`)))?.vendor ?? 'other';
    const at = Date.now();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => log({ tag, vendor, method: req.method ?? 'GET', url, body: Buffer.concat(chunks).toString('utf8'), at }));
    const upstream = forward({ host: origin.hostname, port: origin.port, method: req.method, path: url, headers: req.headers, agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const env = { ...base };
  for (const name of URL_VARS) {
    const value = env[name];
    if (value) {
      const moved = new URL(value);
      moved.host = `127.0.0.1:${port}`;
      env[name] = moved.toString().replace(/\/$/, value.endsWith('/') ? '/' : '');
    }
  }
  return {
    tag,
    env,
    close: () =>
      new Promise<void>((done) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
