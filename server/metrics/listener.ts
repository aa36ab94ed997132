import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from './metrics';

export interface MetricsListener {
  /** e.g. `http://127.0.0.1:9464/metrics` */
  readonly url: string;
  close(): Promise<void>;
}

interface ListenerLogger {
  error(obj: object, msg: string): void;
}

const JSON_TYPE = 'application/json; charset=utf-8';

function sendError(res: ServerResponse, code: number, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(code, { 'content-type': JSON_TYPE, 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify({ data: null, error: { code, message } }));
}

/**
 * `GET /metrics` on a listener of its own (METRICS_PORT, METRICS_HOST): a bare node:http server,
 * apart from the BFF's Fastify app, so no route, hook or rate limit of the public port applies,
 * and nothing of the public port can reach it. Anything else answers the BFF's 404 envelope.
 */
export async function startMetricsListener(
  metrics: Metrics,
  where: { port: number; host: string },
  logger: ListenerLogger,
): Promise<MetricsListener> {
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics') return sendError(res, 404, 'Not found');
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, 'Method not allowed', { allow: 'GET, HEAD' });
    try {
      const { contentType, body } = await metrics.scrape();
      res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (err) {
      logger.error({ err }, 'metrics: collecting failed');
      sendError(res, 500, 'Internal error');
    }
  };
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(where.port, where.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = where.host === '0.0.0.0' || where.host === '::' ? '127.0.0.1' : where.host;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A scraper's keep-alive connection must not hold the shutdown up.
        server.closeAllConnections();
      }),
  };
}
