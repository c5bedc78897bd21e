// Starts the server: `PORT=0` picks a free port; the line it prints names the one it got.
// Run it with `mighty-patcher run dist/server.js`. Edits to function bodies, here or in any other
// module, are applied in place and this file's top level does not run again. A change to its
// top-level code runs it again: the dispose handler closes the previous server first and hands its
// port on, so the new version listens on the same port instead of failing with EADDRINUSE.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hot } from '@mighty-patcher/runtime/node';
import { createApp } from './routes.js';

const HOST = process.env.HOST ?? '127.0.0.1';
const hotModule = hot(import.meta);
const port = (hotModule.data.port as number | undefined) ?? Number(process.env.PORT ?? 3000);
const listens = ((hotModule.data.listens as number | undefined) ?? 0) + 1;

function announce(server: Server): void {
  const { port: actual } = server.address() as AddressInfo;
  console.log(`listening on http://${HOST}:${actual} (pid ${process.pid}, listen #${listens})`);
}

/** Runs before a new version of this file: the old server stops listening, the new one gets its port. */
function handOver(data: Record<string, unknown>): void {
  data.port = (server.address() as AddressInfo | null)?.port ?? port;
  data.listens = listens;
  server.close();
  server.closeAllConnections();
}

const server = createApp().listen(port, HOST, (error?: Error) => {
  if (error) throw error;
  announce(server);
});
hotModule.dispose(handOver);
