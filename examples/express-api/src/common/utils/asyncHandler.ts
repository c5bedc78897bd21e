// Wraps an async route handler so that a rejected promise reaches the error handler. (Express 5 does
// this by itself; the wrapper stays because code written for Express 4 uses it everywhere.)
import type { NextFunction, Request, RequestHandler, Response } from 'express';

type AsyncRequestHandler = (req: Request, res: Response, next: NextFunction) => Promise<unknown>;

export const asyncHandler =
  (fn: AsyncRequestHandler): RequestHandler =>
  (req, res, next) => {
    Promise.resolve(fn(req, res, next)).catch(next);
  };
