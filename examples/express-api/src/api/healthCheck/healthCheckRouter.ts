import express, { type Request, type Response, type Router } from 'express';

export const healthCheckRouter: Router = express.Router();

healthCheckRouter.get('/', (_req: Request, res: Response) => {
  res.json({ status: 'ok', pid: process.pid, uptime: Math.round(process.uptime()) });
});
