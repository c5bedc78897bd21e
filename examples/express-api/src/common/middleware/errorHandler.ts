// The last two middlewares: an unknown route answers 404, an error thrown by a handler answers 500.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ServiceResponse } from '../models/serviceResponse';
import { isProduction } from '../utils/envConfig';
import { logger } from '../utils/logger';

const unexpectedRequest: RequestHandler = (req, res) => {
  res.status(404).json(ServiceResponse.failure(`No route for ${req.method} ${req.path}`, null, 404));
};

const handleError: ErrorRequestHandler = (err, req, res, _next) => {
  logger.error(`${req.method} ${req.originalUrl} failed: ${err instanceof Error ? err.stack : String(err)}`);
  const details = isProduction ? null : { error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  res.status(500).json(ServiceResponse.failure('An unexpected error occurred', details, 500));
};

export default () => [unexpectedRequest, handleError];
