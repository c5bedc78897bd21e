// requireApiKey(scope): a preHandler factory. Routes call it when they are registered.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { config } from '../config.js';

export function requireApiKey(scope: string) {
  return async function checkApiKey(request: FastifyRequest, reply: FastifyReply) {
    if (request.headers['x-api-key'] !== config.apiKey) {
      return reply.code(401).send({ message: `An API key with scope ${scope} is required` });
    }
  };
}
