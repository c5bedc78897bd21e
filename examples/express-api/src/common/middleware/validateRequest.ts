// validateRequest(schema): a middleware factory. Each router calls it once per route, when the router
// module loads; the middleware it returns checks { body, query, params } against the zod schema.
import type { NextFunction, Request, Response } from 'express';
import type { ZodType } from 'zod';
import { ServiceResponse } from '../models/serviceResponse';
import { handleServiceResponse } from '../utils/httpHandlers';

export const validateRequest = (schema: ZodType) => (req: Request, res: Response, next: NextFunction) => {
  const result = schema.safeParse({ body: req.body, query: req.query, params: req.params });
  if (result.success) {
    next();
    return;
  }
  const errorMessage = `Invalid input: ${result.error.issues.map((issue) => issue.message).join(', ')}`;
  handleServiceResponse(ServiceResponse.failure(errorMessage, null, 400), res);
};
