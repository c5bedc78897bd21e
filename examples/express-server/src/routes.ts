// The route table. It is built once, when the server starts: the handlers it registers are proxies,
// so editing a handler's body needs nothing else. Editing createApp itself changes the apps it
// creates from then on, not the one already serving (adding a route needs a new app: a restart, or
// a change to server.ts, which runs server.ts again and creates one).
import express, { type Express } from 'express';
import { fail, hello, notFound, onError, status } from './handlers.js';

export function createApp(): Express {
  const app = express();
  app.get('/', hello);
  app.get('/status', status);
  app.get('/fail', fail);
  app.use(notFound);
  app.use(onError);
  return app;
}
