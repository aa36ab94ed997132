import Fastify from 'fastify';
import { serveParent } from './ipc';

/**
 * The floor under the BFF: Fastify with one route answering the BFF's bytes, no hooks, no
 * plugins. What it costs over bare node:http is Fastify's own request, reply, router and hook
 * runner, paid before the BFF does anything of its own.
 */
const body = process.env.BARE_BODY ?? '{}';
const app = Fastify({ keepAliveTimeout: 65_000 });
app.get('/callStatus', (_request, reply) => {
  void reply.type('application/json; charset=utf-8').send(body);
});
const url = await app.listen({ port: 0, host: '127.0.0.1' });

serveParent({ url }, { cpu: () => process.cpuUsage() });
