import { createServer } from 'node:http';
import { serveParent } from './ipc';

/** The yardstick: node:http answering the bytes the BFF answers, with nothing else to do. */
const body = Buffer.from(process.env.BARE_BODY ?? '{}');
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
  res.end(body);
});
server.keepAliveTimeout = 65_000;
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const address = server.address();
if (address === null || typeof address === 'string') throw new Error('no TCP port');

serveParent({ url: `http://127.0.0.1:${address.port}` }, { cpu: () => process.cpuUsage() });
