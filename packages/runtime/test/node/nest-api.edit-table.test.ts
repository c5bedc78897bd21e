// examples/nest-api (NestJS 11, CommonJS) under `mighty-patcher run dist/main.js`, beside
// `tsc --watch`: tsc's output carries no instrumentation, the runtime instruments it as it loads.
// A table of everyday edits, each classified from HTTP (see edit-table.ts).
//
// Expected outcomes, as in express-api.edit-table.test.ts, with Nest's own shape:
// - function bodies anywhere -> in place: a controller's route method (Nest's handlers), a service
//   method, an interceptor, a class-field arrow, a module-level function, and the middleware that
//   requestContext() returned when AppModule.configure ran at start-up;
// - top-level values -> restart: Nest reads module options (ThrottlerModule.forRoot, the config
//   factory's values), DTO decorators and the routes once, while it bootstraps, and the state lives in
//   a provider (NotesRepository) of the DI container that bootstrapping builds. A runtime that
//   evaluates the importers up to main.ts bootstraps a new container, which loses that state:
//   `restart` by definition, same pid or not. (Unsure: a runtime could keep provider instances across a
//   re-bootstrap, which would make these `in place`.)
// - the entry's log line after listen() -> restart: it sits in bootstrap(), which ran once;
// - a syntax error, or a version whose top level throws -> refused with file:line, then its fix applies.
import { append, EditTable, formatTable, replace, type Client, type Edit } from './edit-table';
import { NEST_API_KEY, nestApi, nestIds as ids } from './edit-table-apps';

const note = async (client: Client, id = ids[0]) => (await client.get(`/api/notes/${id}`)).body.data;
const listItem = async (client: Client) =>
  ((await client.get('/api/notes?limit=100')).body.data as { id: number; preview: string }[]).find((item) => item.id === ids[0])!;
const answer = async (reply: Promise<{ status: number; body: { message?: unknown } }>) => {
  const { status, body } = await reply;
  return `${status} ${Array.isArray(body?.message) ? body.message.join('; ') : (body?.message ?? '')}`;
};
const runningLine = async (client: Client) => {
  await client.get('/health');
  const lines = client.appOutput().match(/(Application is running on:|Notes API listening on) \S+/g);
  return lines?.at(-1) ?? '(no running line)';
};

export const nestEdits: Edit[] = [
  {
    title: 'module-level function body (excerpt, common/utils/text.ts)',
    files: [{ file: 'src/common/utils/text.ts', change: replace("`${parts.slice(0, words).join(' ')}…`", "`${parts.slice(0, words).join(' ')} [...]`") }],
    probe: async (client) => (await listItem(client)).preview,
    want: (seen) => seen.endsWith(' [...]'),
    expected: 'in place',
  },
  {
    title: 'class method (NotesService.findOne)',
    files: [{ file: 'src/notes/notes.service.ts', change: replace('throw new NotFoundException(`Note #${id} not found`);', 'throw new NotFoundException(`No note with id ${id}`);') }],
    probe: (client) => answer(client.get('/api/notes/999')),
    want: (seen) => seen === '404 No note with id 999',
    expected: 'in place',
  },
  {
    title: 'interceptor method (EnvelopeInterceptor.intercept)',
    files: [{ file: 'src/common/interceptors/envelope.interceptor.ts', change: replace('meta: { path: request.path, took: Date.now() - started }', 'meta: { path: request.path, took: Date.now() - started, version: 1 }') }],
    probe: async (client) => Object.keys((await client.get(`/api/notes/${ids[0]}`)).body.meta).join(','),
    want: (seen) => seen === 'path,took,version',
    expected: 'in place',
  },
  {
    title: "controller route method, Nest's handler (NotesController.findOne)",
    files: [{ file: 'src/notes/notes.controller.ts', change: replace('return { ...note, words: wordCount(note.body) };', 'return { ...note, words: wordCount(note.body), chars: note.body.length };') }],
    probe: async (client) => String((await note(client)).chars ?? '(none)'),
    want: (seen) => /^\d+$/.test(seen),
    expected: 'in place',
  },
  {
    title: 'middleware returned by requestContext(service), called at start-up',
    files: [{ file: 'src/common/middleware/request-context.middleware.ts', change: replace('`${service}/${process.pid}`', '`${service}@${process.pid}`') }],
    probe: async (client) => String((await client.get(`/api/notes/${ids[0]}`)).headers['x-served-by']),
    want: (seen) => seen.startsWith('notes-api@'),
    expected: 'in place',
  },
  {
    title: 'top-level option: ThrottlerModule.forRoot limit (app.module.ts)',
    files: [{ file: 'src/app.module.ts', change: replace('limit: 5000 }', 'limit: 4000 }') }],
    probe: async (client) => String((await client.get(`/api/notes/${ids[0]}`)).headers['x-ratelimit-limit']),
    want: (seen) => seen === '4000',
    expected: 'restart',
  },
  {
    title: 'DTO validation message (class-validator, create-note.dto.ts)',
    files: [{ file: 'src/notes/dto/create-note.dto.ts', change: replace("'title must be at least 3 characters long'", "'a note title needs 3 characters or more'") }],
    probe: (client) => answer(client.post('/api/notes', { title: 'ab', body: 'x' }, { 'x-api-key': NEST_API_KEY })),
    want: (seen) => seen === '400 a note title needs 3 characters or more',
    expected: 'restart',
  },
  {
    title: 'controller class-field arrow (NotesController.toListItem)',
    files: [{ file: 'src/notes/notes.controller.ts', change: replace('    pinned: note.pinned,\n  });', '    pinned: note.pinned,\n    tags: note.tags,\n  });') }],
    probe: async (client) => JSON.stringify((await listItem(client) as { tags?: string[] }).tags ?? '(none)'),
    want: (seen) => seen === '["travel"]',
    expected: 'in place',
  },
  {
    title: 'new route (GET /api/notes/stats/count, notes.controller.ts)',
    files: [
      {
        file: 'src/notes/notes.controller.ts',
        change: replace("  @Get(':id')", "  @Get('stats/count')\n  count() {\n    return { count: this.notesService.findAll({ limit: 100 }).length };\n  }\n\n  @Get(':id')"),
      },
    ],
    probe: async (client) => {
      const reply = await client.get('/api/notes/stats/count');
      return `${reply.status} ${reply.text.slice(0, 80)}`;
    },
    want: (seen) => seen.startsWith('200 ') && seen.includes('"count":3'),
    expected: 'restart',
  },
  {
    title: 'new export in text.ts, used from notes.controller.ts in a later save',
    files: [
      {
        file: 'src/common/utils/text.ts',
        change: append(`
export function readingTime(text: string): string {
  return \`\${Math.max(1, Math.round(wordCount(text) / 200))} min read\`;
}
`),
      },
    ],
    then: [
      {
        file: 'src/notes/notes.controller.ts',
        change: (text) =>
          replace("import { excerpt, wordCount } from '../common/utils/text';", "import { excerpt, readingTime, wordCount } from '../common/utils/text';")(
            replace('words: wordCount(note.body) };', 'words: wordCount(note.body), readingTime: readingTime(note.body) };')(text),
          ),
      },
    ],
    probe: async (client) => String((await note(client)).readingTime ?? '(none)'),
    want: (seen) => seen === '1 min read',
    expected: 'in place',
  },
  {
    title: 'rename an export and its call site (wordCount -> countWords, 2 files, one save)',
    files: [
      { file: 'src/common/utils/text.ts', change: replace('export function wordCount(', 'export function countWords(') },
      { file: 'src/notes/notes.controller.ts', change: (text) => replace('wordCount', 'countWords', true)(replace('words: wordCount(note.body)', 'wordTotal: wordCount(note.body)')(text)) },
    ],
    probe: async (client) => String((await note(client)).wordTotal ?? '(none)'),
    want: (seen) => /^\d+$/.test(seen),
    expected: 'in place',
  },
  {
    title: 'first private function in the repository module (notes.repository.ts)',
    files: [
      {
        file: 'src/notes/notes.repository.ts',
        change: (text) =>
          replace('@Injectable()', 'function byTitle(a: Note, b: Note): number {\n  return a.title.localeCompare(b.title);\n}\n\n@Injectable()')(
            replace('return [...this.notes.values()];', 'return [...this.notes.values()].sort(byTitle);')(text),
          ),
      },
    ],
    probe: async (client) => ((await client.get('/api/notes?limit=100')).body.data as { title: string }[]).map((n) => n.title).join(', '),
    want: (seen) => seen === 'Book ideas, Groceries, Trip packing list',
    expected: 'in place',
  },
  {
    title: 'entry file: the log line after listen() (main.ts)',
    files: [{ file: 'src/main.ts', change: replace('`Application is running on: ${await app.getUrl()}`', '`Notes API listening on ${await app.getUrl()}`') }],
    probe: runningLine,
    want: (seen) => seen.startsWith('Notes API listening on'),
    expected: 'restart',
  },
  {
    title: 'config value (pageSize default, config/app.config.ts)',
    files: [{ file: 'src/config/app.config.ts', change: replace("process.env.PAGE_SIZE ?? '20'", "process.env.PAGE_SIZE ?? '2'") }],
    probe: async (client) => String((await client.get('/api/notes')).body.data.length),
    want: (seen) => seen === '2',
    expected: 'restart',
  },
  {
    title: 'syntax error (common/guards/api-key.guard.ts)',
    files: [
      {
        file: 'src/common/guards/api-key.guard.ts',
        change: replace("throw new UnauthorizedException('A valid x-api-key header is required to change notes');", "throw new UnauthorizedException('Send a valid x-api-key header to change notes'));"),
      },
    ],
    probe: (client) => answer(client.post('/api/notes', { title: 'abcd', body: 'x' })),
    want: (seen) => seen.includes('Send a valid'),
    expected: 'refused',
    keep: true,
  },
  {
    title: '... and its fix',
    files: [{ file: 'src/common/guards/api-key.guard.ts', change: replace("to change notes'));", "to change notes');") }],
    probe: (client) => answer(client.post('/api/notes', { title: 'abcd', body: 'x' })),
    want: (seen) => seen === '401 Send a valid x-api-key header to change notes',
    expected: 'in place',
  },
  {
    title: 'top level throws (common/utils/text.ts)',
    files: [
      {
        file: 'src/common/utils/text.ts',
        change: (text) =>
          replace('// Text helpers for note previews.\n', '// Text helpers for note previews.\nconst ELLIPSIS = process.env.NOTES_ELLIPSIS!.trim();\n\n')(
            replace("`${parts.slice(0, words).join(' ')}…`", "`${parts.slice(0, words).join(' ')} ${ELLIPSIS}`")(text),
          ),
      },
    ],
    probe: async (client) => (await listItem(client)).preview,
    want: (seen) => seen.endsWith(' (more)'),
    expected: 'refused',
    keep: true,
  },
  {
    title: '... and its fix',
    files: [{ file: 'src/common/utils/text.ts', change: replace('process.env.NOTES_ELLIPSIS!.trim()', "(process.env.NOTES_ELLIPSIS ?? '(more)').trim()") }],
    probe: async (client) => (await listItem(client)).preview,
    want: (seen) => seen.endsWith(' (more)'),
    expected: 'in place',
  },
];

let table: EditTable | undefined;
afterAll(() => table?.stop());

test('nest-api: every everyday edit ends in place, restarted or refused with file:line, never stale or broken', async () => {
  table = new EditTable(nestApi);
  try {
    await table.start();
    await table.run(nestEdits);
  } finally {
    process.stdout.write(formatTable(`nest-api (NestJS 11, CommonJS, ${nestApi.build.label}) under mighty-patcher run ${nestApi.entry}`, table.rows));
  }
  const rows = table.rows;
  expect(rows.map((row) => `${row.index}. ${row.title}: ${row.outcome}`)).toEqual(rows.map((row) => `${row.index}. ${row.title}: ${row.expected}`));
  expect(rows.filter((row) => row.outcome === 'stale' || row.outcome === 'broken')).toEqual([]);
}, 300_000);
