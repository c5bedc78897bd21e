// Hooks for every route under routes/api (@fastify/autoload applies them with autoHooks).
import type { FastifyInstance } from 'fastify';

export default async function (fastify: FastifyInstance) {
  fastify.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-api-version', '1');
    return payload;
  });
}
