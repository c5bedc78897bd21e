import type { FastifyPluginAsync } from 'fastify';

const health: FastifyPluginAsync = async (fastify) => {
  fastify.get('/health', async () => ({ status: 'ok', pid: process.pid, uptime: Math.round(process.uptime()) }));
};

export default health;
