// Functional middleware from a factory: AppModule.configure calls requestContext() once, at start-up.
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export function requestContext(service: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    const requestId = req.header('x-request-id') ?? randomUUID();
    res.setHeader('x-request-id', requestId);
    res.setHeader('x-served-by', `${service}/${process.pid}`);
    next();
  };
}
