// onRequest/onResponse hooks: a Server-Timing header and a debug log line per request.
import type { FastifyInstance } from 'fastify';

const started = new WeakMap<object, number>();

export function registerTiming(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request) => {
    started.set(request, performance.now());
  });
  fastify.addHook('onSend', async (request, reply, payload) => {
    const since = started.get(request);
    if (since !== undefined) reply.header('server-timing', `app;dur=${(performance.now() - since).toFixed(1)}`);
    return payload;
  });
  fastify.addHook('onResponse', async (request, reply) => {
    request.log.debug({ url: request.url, statusCode: reply.statusCode }, 'request completed');
  });
}
