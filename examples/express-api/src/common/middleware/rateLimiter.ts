// One limiter for the whole API. Health checks (load balancers poll them) are not counted.
import type { Request } from 'express';
import { rateLimit } from 'express-rate-limit';
import { env } from '../utils/envConfig';

const rateLimiter = rateLimit({
  windowMs: env.RATE_LIMIT_WINDOW_MS,
  limit: 5000,
  standardHeaders: 'draft-6',
  legacyHeaders: false,
  message: { success: false, message: 'Too many requests, please try again later.', responseObject: null, statusCode: 429 },
  skip: (req: Request) => req.path === '/health',
});

export default rateLimiter;
