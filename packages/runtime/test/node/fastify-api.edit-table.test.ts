// examples/fastify-api (ES modules) under `mighty-patcher run dist/server.js`, beside
// `swc src -d dist --strip-leading-paths --watch` with the Wasm plugin in .swcrc: a table of everyday
// edits, each classified from HTTP (see edit-table.ts).
//
// Expected outcomes, as in express-api.edit-table.test.ts:
// - function bodies anywhere -> in place. In Fastify that includes a preHandler returned by a factory
//   and a controller's methods: the plugins that registered them ran once, at registration;
// - what Fastify freezes once the instance is ready (route schemas, plugin options read by
//   @fastify/autoload, the set of routes, the config the entry reads) -> restart: the modules are
//   evaluated again, but the plugin functions that used their values ran only while the program started
//   (or @fastify/autoload, a package, holds them), so only a new process applies them, and the runtime
//   says so;
// - a route handler arrow that gains a parameter (`reply`) -> restart: an arrow's guard forwards the
//   parameters it had (docs/protocol.md §3.3), and the route plugin that made it ran only at start-up;
// - the entry's log line after listen() -> restart. It sits in init(), a function the entry calls
//   once: only running the entry again prints it;
// - a syntax error, or a version whose top level throws -> refused with file:line, then its fix applies.
import { append, EditTable, formatTable, replace, type Client, type Edit } from './edit-table';
import { fastifyApi, fastifyIds as ids } from './edit-table-apps';

const task = async (client: Client, id = ids[0]) => (await client.get(`/api/tasks/${id}`)).body;
const listTitles = async (client: Client, query = '') =>
  ((await client.get(`/api/tasks${query}`)).body.tasks as { title: string }[]).map((t) => t.title).join(', ');
const answer = async (reply: Promise<{ status: number; body: { message?: string } }>) => {
  const { status, body } = await reply;
  return `${status} ${body?.message ?? ''}`;
};
const readyLine = async (client: Client) => {
  await client.get('/health');
  const lines = client.appOutput().match(/"msg":"(tasks api ready at|task service listening on) [^"]*"/g);
  // Without the address and pid, which a restart changes: the revert compares this with the line before the edit.
  return lines?.at(-1)?.replace(/ at .*$/, '') ?? '(no ready line)';
};

export const fastifyEdits: Edit[] = [
  {
    title: 'module-level function body (summarize, lib/format.ts)',
    files: [{ file: 'src/lib/format.ts', change: replace("return `${task.title} (${task.done ? 'done' : 'open'})`;", "return `${task.title} [${task.done ? 'done' : 'to do'}]`;") }],
    probe: async (client) => (await task(client)).summary,
    want: (seen) => seen.endsWith('[to do]'),
    expected: 'in place',
  },
  {
    title: 'class method (TaskService.get)',
    files: [{ file: 'src/services/task-service.ts', change: replace('throw new NotFoundError(`Task ${id} not found`);\n    return toView(task);', 'throw new NotFoundError(`There is no task ${id}`);\n    return toView(task);') }],
    probe: (client) => answer(client.get('/api/tasks/999')),
    want: (seen) => seen === '404 There is no task 999',
    expected: 'in place',
  },
  {
    title: 'route handler in a route object (GET /:id, routes/api/tasks)',
    files: [
      {
        file: 'src/routes/api/tasks/index.ts',
        change: replace(
          'handler: async (request) => taskService.get(request.params.id),',
          "handler: async (request, reply) => {\n      reply.header('x-task-id', String(request.params.id));\n      return taskService.get(request.params.id);\n    },",
        ),
      },
    ],
    probe: async (client) => String((await client.get(`/api/tasks/${ids[0]}`)).headers['x-task-id'] ?? '(none)'),
    want: (seen) => seen === String(ids[0]),
    // A guarded arrow forwards every argument (its rest parameter): one that gains `reply` is patched in place.
    expected: 'in place',
  },
  {
    title: 'preHandler returned by requireApiKey(scope), called at registration',
    files: [{ file: 'src/hooks/require-api-key.ts', change: replace('`An API key with scope ${scope} is required`', '`Missing API key (needs scope ${scope})`') }],
    probe: (client) => answer(client.post('/api/tasks', { title: 'A valid title' })),
    want: (seen) => seen === '401 Missing API key (needs scope tasks:write)',
    expected: 'in place',
  },
  {
    title: "top-level option: the rate-limit plugin's max (plugins/external/rate-limit.ts)",
    files: [{ file: 'src/plugins/external/rate-limit.ts', change: replace('max: 5000,', 'max: 4000,') }],
    probe: async (client) => String((await client.get(`/api/tasks/${ids[0]}`)).headers['x-ratelimit-limit']),
    want: (seen) => seen === '4000',
    expected: 'restart',
    why: '@fastify/autoload read the options at start-up',
  },
  {
    title: 'TypeBox schema (title minLength, schemas/tasks.ts)',
    files: [{ file: 'src/schemas/tasks.ts', change: replace('title: Type.String({ minLength: 3, maxLength: 120 }),', 'title: Type.String({ minLength: 5, maxLength: 120 }),') }],
    probe: (client) => answer(client.post('/api/tasks', { title: 'abcd' })),
    want: (seen) => seen === '400 body/title must NOT have fewer than 5 characters',
    expected: 'restart',
    why: 'Fastify compiled the schema when the route plugin registered it, at start-up',
  },
  {
    title: 'controller class-field arrow (TagsController.list)',
    files: [{ file: 'src/routes/api/tags/tags.controller.ts', change: replace('return { tags, count: tags.length };', 'return { tags, count: tags.length, top: tags[0]?.tag ?? null };') }],
    probe: async (client) => JSON.stringify((await client.get('/api/tags')).body.top ?? '(none)'),
    want: (seen) => seen === '"admin"',
    expected: 'in place',
  },
  {
    title: 'new route (GET /api/tasks/stats, routes/api/tasks)',
    files: [
      {
        file: 'src/routes/api/tasks/index.ts',
        change: replace(
          "  fastify.route({\n    method: 'GET',\n    url: '/:id',",
          "  fastify.get('/stats', async () => {\n    const { tasks, total } = await taskService.list({ limit: 100 });\n    return { total, done: tasks.filter((t) => t.done).length };\n  });\n\n  fastify.route({\n    method: 'GET',\n    url: '/:id',",
        ),
      },
    ],
    probe: async (client) => {
      const reply = await client.get('/api/tasks/stats');
      return `${reply.status} ${reply.text.slice(0, 80)}`;
    },
    want: (seen) => seen.startsWith('200 ') && seen.includes('"total":3'),
    expected: 'restart',
    why: 'Fastify cannot add a route once the instance is ready',
  },
  {
    title: 'new export in lib/format.ts, used from task-service.ts in a later save',
    files: [
      {
        file: 'src/lib/format.ts',
        change: append(`
export function progressLabel(done: boolean): string {
  return done ? 'finished' : 'in progress';
}
`),
      },
    ],
    then: [
      {
        file: 'src/services/task-service.ts',
        change: (text) =>
          replace("import { daysUntil, normalizeTag, summarize } from '../lib/format.js';", "import { daysUntil, normalizeTag, progressLabel, summarize } from '../lib/format.js';")(
            replace('summary: summarize(task), dueInDays', 'summary: summarize(task), progress: progressLabel(task.done), dueInDays')(text),
          ),
      },
    ],
    probe: async (client) => String((await task(client)).progress ?? '(none)'),
    want: (seen) => seen === 'in progress',
    expected: 'in place',
  },
  {
    title: 'rename an export and its call site (summarize -> describeTask, 2 files, one save)',
    files: [
      {
        file: 'src/lib/format.ts',
        change: (text) =>
          replace('export function summarize(', 'export function describeTask(')(replace("(${task.done ? 'done' : 'open'})", "— ${task.done ? 'done' : 'open'}")(text)),
      },
      { file: 'src/services/task-service.ts', change: replace('summarize', 'describeTask', true) },
    ],
    probe: async (client) => (await task(client)).summary,
    want: (seen) => seen.endsWith('— open'),
    expected: 'in place',
  },
  {
    title: 'private function added to the repository module (plugins/app/tasks-repository.ts)',
    files: [
      {
        file: 'src/plugins/app/tasks-repository.ts',
        change: (text) =>
          replace(
            'function createRepository() {',
            'function byDueDate(a: TaskRow, b: TaskRow): number {\n  return (a.dueDate ?? \'9999\').localeCompare(b.dueDate ?? \'9999\');\n}\n\nfunction createRepository() {',
          )(replace('let rows = [...db.tasks.values()];', 'let rows = [...db.tasks.values()].sort(byDueDate);')(text)),
      },
    ],
    probe: (client) => listTitles(client, '?limit=100'),
    want: (seen) => seen === 'Book dentist, Fix bike light, Renew passport',
    expected: 'in place',
  },
  {
    title: "entry file: the log line after listen() (server.ts)",
    files: [{ file: 'src/server.ts', change: replace('`tasks api ready at ${address}', '`task service listening on ${address}') }],
    probe: readyLine,
    want: (seen) => seen.includes('task service listening on'),
    expected: 'restart',
  },
  {
    title: 'config value (pagination.defaultLimit, config.ts)',
    files: [{ file: 'src/config.ts', change: replace('pagination: { defaultLimit: 20,', 'pagination: { defaultLimit: 2,') }],
    probe: async (client) => String((await client.get('/api/tasks')).body.tasks.length),
    want: (seen) => seen === '2',
    expected: 'restart',
    why: 'the entry reads the config while it starts the server',
  },
  {
    title: 'syntax error (task-service.ts)',
    files: [{ file: 'src/services/task-service.ts', change: replace('return { tasks: tasks.map(toView), total };', 'return { tasks: tasks.map(toView), total, page: 1,, };') }],
    probe: async (client) => String((await client.get('/api/tasks')).body.page ?? '(none)'),
    want: (seen) => seen === '1',
    expected: 'refused',
    keep: true,
  },
  {
    title: '... and its fix',
    files: [{ file: 'src/services/task-service.ts', change: replace('page: 1,, };', 'page: 1 };') }],
    probe: async (client) => String((await client.get('/api/tasks')).body.page ?? '(none)'),
    want: (seen) => seen === '1',
    expected: 'in place',
  },
  {
    title: 'top level throws (task-service.ts)',
    files: [
      {
        file: 'src/services/task-service.ts',
        change: (text) =>
          replace('export interface TaskView', 'const SOURCE = process.env.TASK_SOURCE!.trim();\n\nexport interface TaskView')(
            replace('    return toView(task);\n  }\n\n  async create', '    return { ...toView(task), source: SOURCE };\n  }\n\n  async create')(text),
          ),
      },
    ],
    probe: async (client) => String((await task(client)).source ?? '(none)'),
    want: (seen) => seen === 'memory',
    expected: 'refused',
    keep: true,
  },
  {
    title: '... and its fix',
    files: [{ file: 'src/services/task-service.ts', change: replace('process.env.TASK_SOURCE!.trim()', "(process.env.TASK_SOURCE ?? 'memory').trim()") }],
    probe: async (client) => String((await task(client)).source ?? '(none)'),
    want: (seen) => seen === 'memory',
    expected: 'in place',
  },
];

let table: EditTable | undefined;
afterAll(() => table?.stop());

test('fastify-api: every everyday edit ends in place, restarted or refused with file:line, never stale or broken', async () => {
  table = new EditTable(fastifyApi);
  try {
    await table.start();
    await table.run(fastifyEdits);
  } finally {
    process.stdout.write(formatTable(`fastify-api (Fastify 5, ES modules, ${fastifyApi.build.label}) under mighty-patcher run ${fastifyApi.entry}`, table.rows));
  }
  const rows = table.rows;
  expect(rows.map((row) => `${row.index}. ${row.title}: ${row.outcome}`)).toEqual(rows.map((row) => `${row.index}. ${row.title}: ${row.expected}`));
  expect(rows.filter((row) => row.outcome === 'stale' || row.outcome === 'broken')).toEqual([]);
}, 300_000);
