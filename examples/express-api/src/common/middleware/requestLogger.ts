import type { NextFunction, Request, Response } from 'express';
import { createLogger } from '../utils/logger';

const log = createLogger('http');

export function requestLogger(req: Request, res: Response, next: NextFunction): void {
  const started = performance.now();
  res.on('finish', () => {
    const ms = Math.round(performance.now() - started);
    log.debug(`${req.method} ${req.originalUrl} ${res.statusCode} ${ms}ms`);
  });
  next();
}
