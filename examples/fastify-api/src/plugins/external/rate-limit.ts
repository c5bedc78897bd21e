// Loaded by @fastify/autoload with `autoConfig` as its options. Health checks are not limited.
import fastifyRateLimit from '@fastify/rate-limit';

export const autoConfig = {
  max: 5000,
  timeWindow: '15 minutes',
  allowList: (request: { url: string }) => request.url === '/health',
};

export default fastifyRateLimit;
