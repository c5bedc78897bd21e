import { app } from './server';
import { env } from './common/utils/envConfig';
import { logger } from './common/utils/logger';

const server = app.listen(env.PORT, env.HOST, (error?: Error) => {
  if (error) throw error;
  logger.info(`Server (${env.NODE_ENV}) running on port http://${env.HOST}:${env.PORT}`);
});

const onCloseSignal = () => {
  logger.info('sigint received, shutting down');
  server.close(() => {
    logger.info('server closed');
    process.exit();
  });
  setTimeout(() => process.exit(1), 10_000).unref(); // force shutdown after 10 s
};

process.on('SIGINT', onCloseSignal);
process.on('SIGTERM', onCloseSignal);
