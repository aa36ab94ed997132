import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { alertWebhookBodySchema, type AlertWebhookBody } from '../../src/contract/alerts';

/** A local webhook receiver: every body it is sent, parsed by the contract. */
export async function webhookReceiver() {
  const received: AlertWebhookBody[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      received.push(alertWebhookBodySchema.parse(JSON.parse(raw)));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
