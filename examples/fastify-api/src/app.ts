// The application as a plugin (fastify/demo's layout): external plugins, then the app's own, then routes.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyAutoload from '@fastify/autoload';
import type { FastifyError, FastifyInstance, FastifyPluginOptions } from 'fastify';
import { registerTiming } from './hooks/timing.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export default async function serviceApp(fastify: FastifyInstance, opts: FastifyPluginOptions) {
  registerTiming(fastify);

  await fastify.register(fastifyAutoload, {
    dir: path.join(here, 'plugins/external'),
    options: {},
  });

  fastify.register(fastifyAutoload, {
    dir: path.join(here, 'plugins/app'),
    options: { ...opts },
  });

  fastify.register(fastifyAutoload, {
    dir: path.join(here, 'routes'),
    autoHooks: true,
    cascadeHooks: true,
    options: { ...opts },
  });

  fastify.setErrorHandler((err: FastifyError, request, reply) => {
    if (!err.statusCode || err.statusCode >= 500) {
      request.log.error({ err, url: request.url }, 'unhandled error');
    }
    reply.code(err.statusCode ?? 500);
    const message = err.statusCode && err.statusCode < 500 ? err.message : `Internal Server Error: ${err.message}`;
    return { message };
  });

  fastify.setNotFoundHandler((request, reply) => {
    reply.code(404);
    return { message: `Route ${request.method}:${request.url} not found` };
  });
}
