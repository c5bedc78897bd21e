// examples/express-api under `mighty-patcher run dist/index.js`, beside `babel src -d dist --watch`:
// a table of everyday edits, each classified from HTTP (see edit-table.ts).
//
// Expected outcomes are what a user expects from a tool that is never worse than a restart:
// - a function body edited anywhere (module-level function, class method, class-field arrow, a
//   handler written inline, the closure a factory returned) -> in place;
// - a top-level value (config, zod schema, rate-limit option, a new route) -> restart: the runtime
//   evaluates the module again, then each importer that holds a value of it that changed (the schema in
//   productRouter.ts, the router in server.ts, the app in index.ts); that reaches the entry, which owns
//   the listening server and has no dispose handler, so the program restarts (docs/runtime.md);
// - the entry file's top level -> restart (it owns the listening server);
// - a syntax error, or a version whose top level throws -> refused with file:line, then its fix applies.
import { append, EditTable, formatTable, replace, type Client, type Edit } from './edit-table';
import { expressApi, expressIds as ids } from './edit-table-apps';

const product = async (client: Client) => (await client.get(`/api/products/${ids[0]}`)).body;
const invalidProduct = async (client: Client) => (await client.post('/api/products', { name: 'Z', priceCents: 100 })).body.message as string;
const listNames = async (client: Client, query = '') =>
  ((await client.get(`/api/products${query}`)).body.responseObject as { name: string }[]).map((p) => p.name).join(', ');
const listenLine = async (client: Client) => {
  await client.get('/health');
  const lines = client.appOutput().match(/(Server|Product API) \(\w+\) (running on port|listening at) \S+/g);
  return lines?.at(-1) ?? '(no listen line)';
};

export const expressEdits: Edit[] = [
  {
    title: 'module-level function body (formatPrice, format.ts)',
    files: [{ file: 'src/common/utils/format.ts', change: replace("return new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(cents / 100);", 'return `${(cents / 100).toFixed(2)} ${currency}`;') }],
    probe: async (client) => (await product(client)).responseObject.displayPrice,
    want: (seen) => seen === '12.50 EUR',
    expected: 'in place',
  },
  {
    title: 'class method (ProductService.findById)',
    files: [{ file: 'src/api/product/productService.ts', change: replace("'Product found'", "'Product loaded'") }],
    probe: async (client) => (await product(client)).message,
    want: (seen) => seen === 'Product loaded',
    expected: 'in place',
  },
  {
    title: 'inline route handler (GET /:id/availability, productRouter.ts)',
    files: [
      {
        file: 'src/api/product/productRouter.ts',
        change: replace(
          'res.json({ id: product.id, available: product.stock > 0, stock: product.stock });',
          "res.json({ id: product.id, available: product.stock > 0, stock: product.stock, label: product.stock > 0 ? 'in stock' : 'sold out' });",
        ),
      },
    ],
    probe: async (client) => JSON.stringify((await client.get(`/api/products/${ids[0]}/availability`)).body),
    want: (seen) => seen.includes('"label":"in stock"'),
    expected: 'in place',
  },
  {
    title: 'closure returned by validateRequest(schema), called at load',
    files: [{ file: 'src/common/middleware/validateRequest.ts', change: replace('`Invalid input: ${', '`Request validation failed: ${') }],
    probe: invalidProduct,
    want: (seen) => seen.startsWith('Request validation failed:'),
    expected: 'in place',
  },
  {
    title: 'top-level option: rateLimit({ limit }) (rateLimiter.ts)',
    files: [{ file: 'src/common/middleware/rateLimiter.ts', change: replace('limit: 5000,', 'limit: 4000,') }],
    probe: async (client) => String((await client.get(`/api/products/${ids[0]}`)).headers['ratelimit-limit']),
    want: (seen) => seen === '4000',
    expected: 'restart',
    why: 'the new limiter reaches server.ts (its middleware stack) and index.ts (the app it listens with)',
  },
  {
    title: 'zod schema message (CreateProductSchema, productModel.ts)',
    files: [{ file: 'src/api/product/productModel.ts', change: replace("'Name must be at least 2 characters'", "'A product name needs at least 2 characters'") }],
    probe: invalidProduct,
    want: (seen) => seen.includes('A product name needs at least 2 characters'),
    expected: 'restart',
    why: 'the schema is captured by validateRequest(schema) in productRouter.ts at load',
  },
  {
    title: 'controller class-field arrow (ProductController.getProduct)',
    files: [
      {
        file: 'src/api/product/productController.ts',
        change: replace(
          'const serviceResponse = await productService.findById(id);\n    return',
          "const serviceResponse = await productService.findById(id);\n    res.setHeader('x-product-id', String(id));\n    return",
        ),
      },
    ],
    probe: async (client) => String((await client.get(`/api/products/${ids[0]}`)).headers['x-product-id'] ?? '(none)'),
    want: (seen) => seen === String(ids[0]),
    expected: 'in place',
  },
  {
    title: 'new route (GET /stats/summary, productRouter.ts)',
    files: [
      {
        file: 'src/api/product/productRouter.ts',
        change: append(`
productRouter.get(
  '/stats/summary',
  asyncHandler(async (_req: Request, res: Response) => {
    const { responseObject: products } = await productService.findAll({ limit: 1000 });
    res.json({ count: products.length, inStock: products.filter((p) => p.stock > 0).length });
  }),
);
`),
      },
    ],
    probe: async (client) => {
      const reply = await client.get('/api/products/stats/summary');
      return `${reply.status} ${reply.text.slice(0, 80)}`;
    },
    want: (seen) => seen.startsWith('200 ') && seen.includes('"count":3'),
    expected: 'restart',
    why: 'the router is mounted by server.ts, whose app index.ts listens with',
  },
  {
    title: 'new export in format.ts, used from productService.ts in a later save',
    files: [
      {
        file: 'src/common/utils/format.ts',
        change: append(`
export function catalogStamp(product: { id: number; updatedAt: string }): string {
  return \`#\${product.id}@\${product.updatedAt.slice(0, 10)}\`;
}
`),
      },
    ],
    then: [
      {
        file: 'src/api/product/productService.ts',
        change: (text) =>
          replace("import { formatPrice, slugify } from '../../common/utils/format';", "import { catalogStamp, formatPrice, slugify } from '../../common/utils/format';")(
            replace('displayPrice: formatPrice(product.priceCents) };', 'displayPrice: formatPrice(product.priceCents), stamp: catalogStamp(product) };')(text),
          ),
      },
    ],
    probe: async (client) => String((await product(client)).responseObject.stamp ?? '(none)'),
    want: (seen) => /^#\d+@\d{4}-\d\d-\d\d$/.test(seen),
    expected: 'in place',
  },
  {
    title: 'rename an export and its call sites (formatPrice -> formatMoney, 3 files, one save)',
    files: [
      {
        file: 'src/common/utils/format.ts',
        change: (text) =>
          replace('export function formatPrice(', 'export function formatMoney(')(
            replace("{ style: 'currency', currency }", "{ style: 'currency', currency, currencyDisplay: 'code' }")(text),
          ),
      },
      { file: 'src/api/product/productService.ts', change: replace('formatPrice', 'formatMoney', true) },
      { file: 'src/api/order/orderService.ts', change: replace('formatPrice', 'formatMoney', true) },
    ],
    probe: async (client) => (await product(client)).responseObject.displayPrice,
    want: (seen) => seen.startsWith('EUR'),
    expected: 'in place',
  },
  {
    title: 'first private function in the repository module (productRepository.ts)',
    files: [
      {
        file: 'src/api/product/productRepository.ts',
        change: (text) =>
          replace('let nextId = 1;\n', 'let nextId = 1;\n\nfunction byName(a: Product, b: Product): number {\n  return a.name.localeCompare(b.name);\n}\n')(
            replace('const all = [...products.values()];', 'const all = [...products.values()].sort(byName);')(text),
          ),
      },
    ],
    probe: (client) => listNames(client, '?limit=100'),
    want: (seen) => seen === 'Apple crate, Mango box, Zebra mug',
    expected: 'in place',
  },
  {
    title: "entry file: the listen callback's log line (index.ts)",
    files: [{ file: 'src/index.ts', change: replace('`Server (${env.NODE_ENV}) running on port http://', '`Product API (${env.NODE_ENV}) listening at http://') }],
    probe: listenLine,
    want: (seen) => seen.startsWith('Product API'),
    expected: 'restart',
  },
  {
    title: 'config value (DEFAULT_PAGE_SIZE default, envConfig.ts)',
    files: [{ file: 'src/common/utils/envConfig.ts', change: replace('DEFAULT_PAGE_SIZE: z.coerce.number().int().positive().default(20)', 'DEFAULT_PAGE_SIZE: z.coerce.number().int().positive().default(2)') }],
    probe: async (client) => String((await client.get('/api/products')).body.responseObject.length),
    want: (seen) => seen === '2',
    expected: 'restart',
    why: 'env is read by importers at call time, but through the first instance of envConfig.ts',
  },
  {
    title: 'syntax error (productService.ts)',
    files: [{ file: 'src/api/product/productService.ts', change: replace("ServiceResponse.success('Products found',", "ServiceResponse.success('Products listed',,") }],
    probe: async (client) => (await client.get('/api/products')).body.message,
    want: (seen) => seen === 'Products listed',
    expected: 'refused',
    keep: true,
  },
  {
    title: '... and its fix',
    files: [{ file: 'src/api/product/productService.ts', change: replace("'Products listed',,", "'Products listed',") }],
    probe: async (client) => (await client.get('/api/products')).body.message,
    want: (seen) => seen === 'Products listed',
    expected: 'in place',
  },
  {
    title: 'top level throws (productService.ts)',
    files: [
      {
        file: 'src/api/product/productService.ts',
        change: (text) =>
          replace("import { ProductRepository } from './productRepository';\n", "import { ProductRepository } from './productRepository';\n\nconst CATALOG_REGION = process.env.CATALOG_REGION!.toUpperCase();\n")(
            replace("'Product found'", '`Product found in ${CATALOG_REGION}`')(text),
          ),
      },
    ],
    probe: async (client) => (await product(client)).message,
    want: (seen) => seen.startsWith('Product found in'),
    expected: 'refused',
    keep: true,
  },
  {
    title: '... and its fix',
    files: [{ file: 'src/api/product/productService.ts', change: replace('process.env.CATALOG_REGION!.toUpperCase()', "(process.env.CATALOG_REGION ?? 'eu').toUpperCase()") }],
    probe: async (client) => (await product(client)).message,
    want: (seen) => seen === 'Product found in EU',
    expected: 'in place',
  },
];

let table: EditTable | undefined;
afterAll(() => table?.stop());

test('express-api: every everyday edit ends in place, restarted or refused with file:line, never stale or broken', async () => {
  table = new EditTable(expressApi);
  try {
    await table.start();
    await table.run(expressEdits);
  } finally {
    process.stdout.write(formatTable(`express-api (Express 5, CommonJS, ${expressApi.build.label}) under mighty-patcher run ${expressApi.entry}`, table.rows));
  }
  const rows = table.rows;
  expect(rows.map((row) => `${row.index}. ${row.title}: ${row.outcome}`)).toEqual(rows.map((row) => `${row.index}. ${row.title}: ${row.expected}`));
  expect(rows.filter((row) => row.outcome === 'stale' || row.outcome === 'broken')).toEqual([]);
}, 300_000);
