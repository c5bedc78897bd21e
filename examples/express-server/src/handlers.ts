// Route handlers and the error handler, as module-level functions: the Babel plugin turns each one
// into a stable proxy, so the function Express stored at start-up runs whatever version of the
// body was built last. Edit a body, save, and the next request runs it.
import type { NextFunction, Request, Response } from 'express';
import { openSession, recordVisit, stats } from './store.js';

const SESSION_COOKIE = 'session';

/** The session id sent back in the `session` cookie, if any. */
function sessionId(req: Request): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, value] = part.trim().split('=');
    if (name === SESSION_COOKIE && value) return decodeURIComponent(value);
  }
  return undefined;
}

export function hello(req: Request, res: Response): void {
  const session = openSession(sessionId(req));
  const visits = recordVisit(session);
  res.cookie(SESSION_COOKIE, session.id, { httpOnly: true, sameSite: 'lax' });
  res.json({ message: 'Hello from Express', visits, yourVisits: session.visits, pid: process.pid });
}

export function status(_req: Request, res: Response): void {
  res.json({ pid: process.pid, uptime: Math.round(process.uptime()), ...stats() });
}

export async function fail(_req: Request, _res: Response): Promise<void> {
  // Express 5 passes a rejected promise to the error handlers, like a thrown error.
  throw new Error('the database is down');
}

export function notFound(req: Request, res: Response): void {
  res.status(404).json({ error: `no route for ${req.method} ${req.path}` });
}

// Express recognises an error handler by its four parameters (fn.length === 4); the plugin's
// proxy has the same length as the function written here, so it stays an error handler.
export function onError(err: Error, _req: Request, res: Response, _next: NextFunction): void {
  res.status(500).json({ error: err.message });
}
