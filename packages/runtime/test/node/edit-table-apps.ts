// The example apps the edit tables run (see edit-table.ts): how each is built and run, which route
// reports its pid, and the state created over HTTP at start that a restart loses.
import path from 'node:path';
import type { AppSpec } from './edit-table';

const repo = path.resolve(__dirname, '../../../..');

// --- examples/express-api: Express 5, CommonJS, babel --watch --------------------------------------

const PRODUCTS = [
  { name: 'Zebra mug', priceCents: 1250, stock: 3, tags: ['kitchen'] },
  { name: 'Apple crate', priceCents: 4200, stock: 0, tags: ['garden'] },
  { name: 'Mango box', priceCents: 990, stock: 12, tags: ['kitchen', 'food'] },
];
/** Ids of the seeded products in the running app (replaced in place when the harness seeds again). */
export const expressIds: number[] = [];

export const expressApi: AppSpec = {
  name: 'express-api',
  example: path.join(repo, 'examples/express-api'),
  build: {
    label: 'babel src -d dist --extensions .ts --source-maps --watch',
    args: ['node_modules/@babel/cli/bin/babel.js', 'src', '-d', 'dist', '--extensions', '.ts', '--source-maps', '--watch'],
    ready: /Successfully compiled \d+ files/,
    rebuilt: /Successfully compiled \d+ files? with Babel|\(\d+:\d+\)/,
  },
  entry: 'dist/index.js',
  pid: async (client) => (await client.get('/health')).body.pid,
  seed: async (client) => {
    expressIds.length = 0;
    for (const product of PRODUCTS) expressIds.push((await client.post('/api/products', product)).body.responseObject.id);
  },
  stateKept: async (client) => {
    for (const [i, id] of expressIds.entries()) {
      const reply = await client.get(`/api/products/${id}`);
      if (reply.status !== 200 || reply.body?.responseObject?.name !== PRODUCTS[i]!.name) return false;
    }
    return true;
  },
};

// --- examples/fastify-api: Fastify 5, ES modules, swc --watch with the Wasm plugin ---------------

export const FASTIFY_API_KEY = 'dev-secret';
const TASKS = [
  { title: 'Renew passport', tags: ['Admin'], dueDate: '2031-03-01' },
  { title: 'Book dentist', tags: ['health'], dueDate: '2030-11-15' },
  { title: 'Fix bike light', tags: ['home', 'admin'], dueDate: '2030-12-24' },
];
export const fastifyIds: number[] = [];

export const fastifyApi: AppSpec = {
  name: 'fastify-api',
  example: path.join(repo, 'examples/fastify-api'),
  build: {
    label: 'swc src -d dist --strip-leading-paths --watch',
    args: ['node_modules/@swc/cli/bin/swc.js', 'src', '-d', 'dist', '--strip-leading-paths', '--watch'],
    ready: /Watching for file changes/,
    rebuilt: /Successfully compiled|Caused by:/,
  },
  entry: 'dist/server.js',
  pid: async (client) => (await client.get('/health')).body.pid,
  seed: async (client) => {
    fastifyIds.length = 0;
    for (const task of TASKS) fastifyIds.push((await client.post('/api/tasks', task, { 'x-api-key': FASTIFY_API_KEY })).body.id);
  },
  stateKept: async (client) => {
    for (const [i, id] of fastifyIds.entries()) {
      const reply = await client.get(`/api/tasks/${id}`);
      if (reply.status !== 200 || reply.body?.title !== TASKS[i]!.title) return false;
    }
    return true;
  },
};

// --- examples/nest-api: NestJS 11, CommonJS, tsc --watch (instrumented by the runtime as it loads) ---

export const NEST_API_KEY = 'dev-secret';
const NOTES = [
  { title: 'Trip packing list', body: 'passport tickets charger adapter sunscreen hat swimsuit book snacks water bottle', tags: ['Travel'] },
  { title: 'Book ideas', body: 'a lighthouse keeper who collects letters', tags: ['writing'] },
  { title: 'Groceries', body: 'milk eggs bread', tags: ['home'] },
];
export const nestIds: number[] = [];

export const nestApi: AppSpec = {
  name: 'nest-api',
  example: path.join(repo, 'examples/nest-api'),
  build: {
    label: 'tsc --watch --preserveWatchOutput',
    args: ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--watch', '--preserveWatchOutput'],
    ready: /Found \d+ errors?\. Watching for file changes\./,
    rebuilt: /Found \d+ errors?\. Watching for file changes\./,
  },
  entry: 'dist/main.js',
  pid: async (client) => (await client.get('/health')).body.data.pid,
  seed: async (client) => {
    nestIds.length = 0;
    for (const note of NOTES) nestIds.push((await client.post('/api/notes', note, { 'x-api-key': NEST_API_KEY })).body.data.id);
  },
  stateKept: async (client) => {
    for (const [i, id] of nestIds.entries()) {
      const reply = await client.get(`/api/notes/${id}`);
      if (reply.status !== 200 || reply.body?.data?.title !== NOTES[i]!.title) return false;
    }
    return true;
  },
};
