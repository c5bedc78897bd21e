// Starts the API: `node dist/server.js` (or `mighty-patcher run dist/server.js` in development).
import Fastify, { LogController } from 'fastify';
import fp from 'fastify-plugin';
import serviceApp from './app.js';
import { config } from './config.js';

const app = Fastify({
  logger: { level: config.logLevel },
  logController: new LogController({ disableRequestLogging: true }),
  ajv: { customOptions: { coerceTypes: 'array', removeAdditional: 'all' } },
});

function closeGracefully(signal: NodeJS.Signals) {
  app.log.info(`${signal} received, closing`);
  const timer = setTimeout(() => process.exit(1), config.closeGraceMs);
  app.close().then(() => {
    clearTimeout(timer);
    process.exit(0);
  });
}

async function init() {
  app.register(fp(serviceApp));
  process.once('SIGINT', closeGracefully);
  process.once('SIGTERM', closeGracefully);

  await app.ready();
  try {
    const address = await app.listen({ port: config.port, host: config.host });
    app.log.info(`tasks api ready at ${address} (pid ${process.pid})`);
  } catch (err) {
    app.log.error(err);
    process.exit(1);
  }
}

init();
