// The edit-table harness checks itself: the same function-body edit (one that today's runtime applies
// in place) is classified `in place` when nothing else happens, `restart` when the app is restarted
// by hand after the save (as nodemon would), `stale` when the build is paused, `broken` when the app
// is killed, and a syntax error is `refused` with file:line. If these do not hold, the tables lie.
import { EditTable, formatTable, replace, type Client, type Edit } from './edit-table';
import { expressApi, expressIds } from './edit-table-apps';

const formatPrice = {
  file: 'src/common/utils/format.ts',
  change: replace("return new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(cents / 100);", 'return `${(cents / 100).toFixed(2)} ${currency}`;'),
};
const displayPrice = async (client: Client) => (await client.get(`/api/products/${expressIds[0]}`)).body.responseObject.displayPrice as string;
const shown = (seen: string) => seen === '12.50 EUR';

const controls: Edit[] = [
  { title: 'function body, nothing else', files: [formatPrice], probe: displayPrice, want: shown, expected: 'in place' },
  { title: 'same, app restarted by hand', files: [formatPrice], probe: displayPrice, want: shown, expected: 'restart', simulate: 'restart by hand' },
  { title: 'same, build paused', files: [formatPrice], probe: displayPrice, want: shown, expected: 'stale', simulate: 'pause build' },
  { title: 'same, app killed', files: [formatPrice], probe: displayPrice, want: shown, expected: 'broken', simulate: 'kill' },
  {
    title: 'syntax error',
    files: [{ file: 'src/common/utils/format.ts', change: replace('export function formatPrice(cents: number,', 'export function formatPrice(cents: number,,') }],
    probe: displayPrice,
    want: (seen) => seen !== '€12.50',
    expected: 'refused',
  },
];

let table: EditTable | undefined;
afterAll(() => table?.stop());

test('the harness classifies in place, restart, stale, broken and refused from what the app answers', async () => {
  table = new EditTable(expressApi, { timeoutMs: 4000 });
  try {
    await table.start();
    await table.run(controls);
  } finally {
    process.stdout.write(formatTable('edit-table harness controls (examples/express-api)', table.rows));
  }
  const rows = table.rows;
  expect(rows.map((row) => row.outcome)).toEqual(controls.map((edit) => edit.expected));
  // The refusal names the file and line Babel printed.
  expect(rows[4]!.location).toMatch(/^src\/common\/utils\/format\.ts: .*\(\d+:\d+\)$/);
  // Each revert shows the old behaviour again; the killed app is replaced by a fresh one.
  expect(rows.slice(0, 3).map((row) => row.revert?.outcome)).toEqual(['in place', 'in place', 'in place']);
}, 180_000);
