// The HMR glue (docs/protocol.md §6) of every plugin adapter, driven the way webpack drives `module.hot`:
// dispose handlers fill `data`, the new version runs with `hot.data = data`, a self-accepted version that
// throws goes to the error handler. Compiled to CommonJS (the `module.hot` form) and run in this realm.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { babel8Supported, babelAdapter } from '@mighty-patcher/conformance/dist/adapters/babel';
import { swcAdapter } from '@mighty-patcher/conformance/dist/adapters/swc';
import type { Adapter } from '@mighty-patcher/conformance/dist/adapters/types';

const ROOT = path.resolve(__dirname, '../../..');

// The glue's shared module (docs/protocol.md §6), evaluated once per realm as a bundler would: every module
// below imports or requires it by the specifier its plugin emits (the Babel plugin's absolute path, the SWC
// plugin's `@mighty-patcher/swc-plugin/hmr`). CommonJS modules run in Jest's realm (`new Function`), ES
// modules in the main realm (vm.SourceTextModule without a context); each realm has its registry and its glue.
const GLUE_FILE = require.resolve('@mighty-patcher/hmr');
const GLUE_SPECIFIERS = [GLUE_FILE, '@mighty-patcher/swc-plugin/hmr'];
let glueHere: Record<string, unknown>;
let glueMain: any;
beforeAll(async () => {
  // Jest's CommonJS realm cannot import an ES module: the same text, its `export function` declarations made
  // plain ones and returned.
  const text = fs.readFileSync(GLUE_FILE, 'utf8');
  glueHere = new Function(`${text.replace(/^export function /gm, 'function ')}\nreturn { hot, hotError, hotGate };`)();
  glueMain = new (vm as any).SourceTextModule(text, { identifier: GLUE_FILE });
  await glueMain.link(() => {
    throw new Error('the glue imports nothing');
  });
  await glueMain.evaluate();
});
const glueRequire = (specifier: string) => {
  if (GLUE_SPECIFIERS.includes(specifier)) return glueHere;
  throw new Error(`unexpected require(${JSON.stringify(specifier)})`);
};

interface FakeHot {
  data: Record<string, unknown> | undefined;
  accepted: unknown;
  invalidated: string[];
  disposers: ((data: Record<string, unknown>) => void)[];
  accept(handler?: unknown): void;
  dispose(handler: (data: Record<string, unknown>) => void): void;
  invalidate(message?: string): void;
}

function fakeHot(data?: Record<string, unknown>): FakeHot {
  return {
    data,
    accepted: undefined,
    invalidated: [],
    disposers: [],
    accept(handler) {
      this.accepted = handler ?? true;
    },
    dispose(handler) {
      this.disposers.push(handler);
    },
    invalidate(message) {
      this.invalidated.push(message ?? '');
    },
  };
}

/** One module under HMR: each `update` disposes the running version and evaluates the next one. */
function hmrModule(adapter: Adapter, file: string) {
  const filename = path.join(ROOT, file);
  let hot: FakeHot | undefined;
  const evaluate = (source: string) => {
    const code = adapter.transform(source, filename, { sourceType: 'module', root: ROOT, output: 'commonjs', sourceMaps: false });
    const previous = hot;
    let data: Record<string, unknown> | undefined;
    if (previous) {
      data = {};
      for (const dispose of previous.disposers) dispose(data);
    }
    hot = fakeHot(data);
    const module = { exports: {} as Record<string, any>, hot };
    new Function('exports', 'require', 'module', code)(module.exports, glueRequire, module);
    return module.exports;
  };
  return { evaluate, hot: () => hot! };
}

const microtask = () => new Promise<void>((resolve) => queueMicrotask(resolve));

const v1 = `export function greeting(name) { return 'Hello, ' + name; }
export const shout = (text) => text.toUpperCase() + '!';
export class Greeter { hello() { return greeting('class'); } }`;
const v2 = v1.replace("'Hello, '", "'Howdy, '").replace("+ '!'", "+ '!!'");
const throwing = `${v1.replace("'Hello, '", "'Yo, '")}
export function added() { return 1; }
throw new Error('this version throws');`;

const adapters: [string, () => Adapter][] = [
  ['babel7', () => babelAdapter(7)],
  ...(babel8Supported() ? ([['babel8', () => babelAdapter(8)]] as [string, () => Adapter][]) : []),
  ['swc', () => swcAdapter()],
];

// The bootstrap registry only (no runtime loaded yet in this realm): the glue's own snapshot transaction.
describe.each(adapters)('%s: HMR glue with module.hot, bootstrap registry', (name, adapter) => {
  test('a self-accepting module swaps every held reference; a throwing version is rolled back', async () => {
    const module = hmrModule(adapter(), `hmr-glue/${name}/greet.js`);
    const first = module.evaluate(v1);
    expect(typeof module.hot().accepted).toBe('function'); // self-accepting, with an error handler
    const { greeting, shout } = first;
    const instance = new first.Greeter();
    expect([greeting('Ada'), shout('hi'), instance.hello()]).toEqual(['Hello, Ada', 'HI!', 'Hello, class']);

    module.evaluate(v2);
    expect([greeting('Ada'), shout('hi'), instance.hello()]).toEqual(['Howdy, Ada', 'HI!!', 'Howdy, class']);

    expect(() => module.evaluate(throwing)).toThrow('this version throws');
    await microtask();
    expect([greeting('Ada'), shout('hi')]).toEqual(['Howdy, Ada', 'HI!!']);
    const registry = (globalThis as any)[Symbol.for('mighty-patcher.registry')];
    expect(registry.runtime).toBeUndefined();
    expect(registry.slots.has(`hmr-glue/${name}/greet.js#added`)).toBe(false);

    // webpack hands the failed instance to the error handler, which makes it accept the next update.
    const failed = module.hot();
    const logged = jest.spyOn(console, 'error').mockImplementation(() => {});
    try {
      (module.hot().accepted as Function)(new Error('this version throws'), { moduleId: 1, module: { hot: failed } });
      expect(logged).toHaveBeenCalledWith(expect.stringContaining(`the new version of hmr-glue/${name}/greet.js threw`), expect.any(Error));
    } finally {
      logged.mockRestore();
    }
    expect(typeof failed.accepted).toBe('function');
    module.evaluate(v2.replace("'Howdy, '", "'Hi, '"));
    expect(greeting('Ada')).toBe('Hi, Ada');
  });

  test('a method added to a class is defined on the previous instance\'s prototype too: an instance made before calls it through a patched method', () => {
    const module = hmrModule(adapter(), `hmr-glue/${name}/repo.js`);
    const { Repo } = module.evaluate('export class Repo { all() { return [1, 2]; } }');
    const instance = new Repo();
    const info = jest.spyOn(console, 'info').mockImplementation(() => {});
    try {
      module.evaluate('export class Repo { double(xs) { return xs.map((x) => x * 2); } all() { return this.double([1, 2]); } }');
      expect(instance.all()).toEqual([2, 4]);
      expect(Object.keys(Repo.prototype)).toEqual([]);
      expect(info).toHaveBeenCalledWith(`[mighty-patcher] patched hmr-glue/${name}/repo.js: Repo.prototype.all, Repo.prototype.double (2 functions)`);
      module.evaluate('export class Repo { double(xs) { return xs.map((x) => x * 3); } all() { return this.double([1, 2]); } }');
      expect(instance.all()).toEqual([3, 6]);
    } finally {
      info.mockRestore();
    }
  });

  test("an update in place that changes no function's code (a function added, a private value changed) still says what it did", () => {
    const module = hmrModule(adapter(), `hmr-glue/${name}/helpers.js`);
    const { rate } = module.evaluate('const RATE = 2;\nexport function rate(n) { return n * RATE; }');
    const info = jest.spyOn(console, 'info').mockImplementation(() => {});
    try {
      module.evaluate('const RATE = 3;\nexport function rate(n) { return n * RATE; }\nexport function percent(n) { return n + " %"; }');
      expect(rate(2)).toBe(6);
      expect(info.mock.calls).toEqual([[`[mighty-patcher] updated hmr-glue/${name}/helpers.js in place, importers kept: no function's code changed; added percent`]]);
    } finally {
      info.mockRestore();
    }
  });

  test('webpack: a module patched in place whose importers are all components passes its update on to them, for Fast Refresh to render them; not when an importer would pass it further', () => {
    const module = hmrModule(adapter(), `hmr-glue/${name}/format.js`);
    const component = (name: string) => ({ hot: { _selfAccepted: () => {} }, exports: { [name]: { [name]: () => null }[name] } });
    // webpack's module cache as its HMR runtime keeps it: the importers of each module in `parents`.
    const cache: Record<string, unknown> = {
      './format.js': { get hot() { return module.hot(); }, parents: ['./Board.tsx', './Summary.tsx'] },
      './Board.tsx': component('Board'),
      './Summary.tsx': component('Summary'),
      './store.ts': { hot: { _selfAccepted: false }, exports: { useStore: () => null } },
    };
    const globals = globalThis as { __webpack_require__?: unknown; document?: unknown };
    globals.__webpack_require__ = Object.assign(() => undefined, { c: cache });
    globals.document = {};
    const info = jest.spyOn(console, 'info').mockImplementation(() => {});
    try {
      const { summary } = module.evaluate("export function summary(n) { return n + ' stacked'; }");
      module.evaluate("export function summary(n) { return n + ' landed'; }");
      expect(summary(2)).toBe('2 landed');
      expect(module.hot().invalidated).toEqual(['']);
      expect(info).toHaveBeenCalledWith(`[mighty-patcher] hmr-glue/${name}/format.js: update passed on to ./Board.tsx, ./Summary.tsx for React Fast Refresh to render them with the new code`);
      // A store imports it too: passed on, the update would go on through the store to the page (a reload).
      (cache['./format.js'] as { parents: string[] }).parents.push('./store.ts');
      module.evaluate("export function summary(n) { return n + ' dropped'; }");
      expect(summary(2)).toBe('2 dropped');
      expect(module.hot().invalidated).toEqual([]);
    } finally {
      info.mockRestore();
      delete globals.__webpack_require__;
      delete globals.document;
    }
  });

  test("Turbopack: the same, with its module cache read from __turbopack_context__.c and its boundaries as Next.js's Refresh helpers judge them", () => {
    // A real Next.js app's label helper, called by a client component while it renders, stayed stale (React Compiler
    // also memoized the call): nothing passed the update on under Turbopack.
    const module = hmrModule(adapter(), `hmr-glue/${name}/labels.js`);
    const component = (name: string) => ({ hot: {}, exports: { [name]: { [name]: () => null }[name] } });
    const cache = new Map<string, unknown>([
      ['[project]/lib/labels.ts', { get hot() { return module.hot(); }, parents: ['[project]/app/page.tsx'] }],
      ['[project]/app/page.tsx', component('Page')],
      ['[project]/lib/store.ts', { hot: {}, exports: { useStore: () => null } }],
    ]);
    const globals = globalThis as { __turbopack_context__?: unknown; $RefreshHelpers$?: unknown; document?: unknown };
    globals.__turbopack_context__ = { c: cache };
    globals.$RefreshHelpers$ = { isReactRefreshBoundary: (exports: object) => Object.values(exports).every((value) => typeof value === 'function' && /^[A-Z]/.test(value.name)) };
    globals.document = {};
    const info = jest.spyOn(console, 'info').mockImplementation(() => {});
    try {
      const { monthLabel } = module.evaluate("export function monthLabel(m) { return 'Month: ' + m; }");
      module.evaluate("export function monthLabel(m) { return 'Mo. ' + m; }");
      expect(monthLabel('May')).toBe('Mo. May');
      expect(module.hot().invalidated).toEqual(['']);
      expect(info).toHaveBeenLastCalledWith(`[mighty-patcher] hmr-glue/${name}/labels.js: update passed on to [project]/app/page.tsx for React Fast Refresh to render them with the new code`);
      // Turbopack evaluates it again for that update: nothing changed, nothing said.
      info.mockClear();
      module.evaluate("export function monthLabel(m) { return 'Mo. ' + m; }");
      expect(info).not.toHaveBeenCalled();
      // A store imports it too (not a boundary, and whether it accepts is out of reach): not passed on.
      (cache.get('[project]/lib/labels.ts') as { parents: string[] }).parents.push('[project]/lib/store.ts');
      module.evaluate("export function monthLabel(m) { return 'M ' + m; }");
      expect(monthLabel('May')).toBe('M May');
      expect(module.hot().invalidated).toEqual([]);
    } finally {
      info.mockRestore();
      delete globals.__turbopack_context__;
      delete globals.$RefreshHelpers$;
      delete globals.document;
    }
  });

  test('store actions made before an edit run its new code with their state; a change outside them passes the update on', () => {
    const module = hmrModule(adapter(), `hmr-glue/${name}/slice.js`);
    const slice = (increment: string, initial = 0) => `export const createCounterSlice = (set, get) => ({
  count: ${initial},
  increment: (by) => set({ count: ${increment} }),
  label: function () { return 'count ' + get().count; },
  get double() { return get().count * 2; },
  reset() { set({ count: 0 }); },
});`;
    const info = jest.spyOn(console, 'info').mockImplementation(() => {});
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const { createCounterSlice } = module.evaluate(slice('get().count + by'));
      let state: Record<string, any> = {};
      const set = (partial: object) => (state = { ...state, ...partial });
      state = createCounterSlice(set, () => state);
      const { increment, label } = state;
      increment(2);
      expect(state.count).toBe(2);

      // Only an action's body changed: the store made before the edit runs the new code, its count kept.
      module.evaluate(slice('get().count + by * 10'));
      expect(module.hot().invalidated).toEqual([]);
      expect(info).toHaveBeenLastCalledWith(
        `[mighty-patcher] patched hmr-glue/${name}/slice.js: createCounterSlice, createCounterSlice/return.increment (2 functions)`,
      );
      increment(1);
      expect(state.count).toBe(12);
      expect(label()).toBe('count 12');

      // Again: the runner of the first edit is replaced.
      module.evaluate(slice('get().count - by').replace("'count '", "'n='"));
      increment(2);
      expect(state.count).toBe(10);
      expect(label()).toBe('n=10');

      // The initial state changed: the store made before keeps it; the update goes to the importers, said so.
      module.evaluate(slice('get().count - by', 5).replace("'count '", "'n='"));
      expect(module.hot().invalidated).toEqual([expect.stringContaining('made before this edit (store actions, handlers) keep their old code')]);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('the update goes on to the modules importing it'));
      // The bundler evaluates it again, passing the update on: that instance changes no code, and does not say its
      // importers were kept (helper-85: "updated … in place, importers kept" as they ran again).
      info.mockClear();
      module.evaluate(slice('get().count - by', 5).replace("'count '", "'n='"));
      expect(info).not.toHaveBeenCalled();
    } finally {
      info.mockRestore();
      warn.mockRestore();
    }
  });

  test('closures with the same name in one function (`bus.on("tick", …)` three times): an edit of one reaches that one only', () => {
    const module = hmrModule(adapter(), `hmr-glue/${name}/handlers.js`);
    const source = (third: string) => `export function register(bus) {
  bus.on('tick', () => 'first');
  bus.on('tick', () => 'second');
  bus.on('tick', () => '${third}');
}`;
    const info = jest.spyOn(console, 'info').mockImplementation(() => {});
    try {
      const handlers: (() => string)[] = [];
      module.evaluate(source('third')).register({ on: (_event: string, handler: () => string) => handlers.push(handler) });
      expect(handlers.map((handler) => handler())).toEqual(['first', 'second', 'third']);
      // Their keys are `register/bus.on("tick")`, `~2` and `~3`: three names, three cells, each found by its name's
      // hash (docs/protocol.md §7).
      module.evaluate(source('third, edited'));
      expect(module.hot().invalidated).toEqual([]);
      expect(handlers.map((handler) => handler())).toEqual(['first', 'second', 'third, edited']);
    } finally {
      info.mockRestore();
    }
  });

  test('two factories whose names have one hash (`route93vu`, `routegtea`): an edit of one closure reaches that one only', () => {
    const module = hmrModule(adapter(), `hmr-glue/${name}/routes.js`);
    // Their cells are `_mp_s_<hash>` and `_mp_s_<hash>2`, their closures' `…/return` likewise (docs/protocol.md §7):
    // the glue names them in the order the slots were made, as the plugins do.
    const source = (second: string) => `export function route93vu() { return () => 'first'; }
export function routegtea() { return () => '${second}'; }`;
    const info = jest.spyOn(console, 'info').mockImplementation(() => {});
    try {
      const exports = module.evaluate(source('second'));
      const held = [exports.route93vu(), exports.routegtea()];
      module.evaluate(source('second, edited'));
      expect(module.hot().invalidated).toEqual([]);
      expect(held.map((handler) => handler())).toEqual(['first', 'second, edited']);
    } finally {
      info.mockRestore();
    }
  });

  test('curried middleware (`() => (next) => (action) =>`) applied before an edit runs the new innermost body; a change of the middle closure outside it passes the update on', () => {
    const module = hmrModule(adapter(), `hmr-glue/${name}/middleware.js`);
    const middleware = (record: string, middle = '') => `export const logger = (api) => (next) => {${middle}
  return (action) => {
    const result = next(action);
    api.log.push(${record});
    return result;
  };
};`;
    const info = jest.spyOn(console, 'info').mockImplementation(() => {});
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const { logger } = module.evaluate(middleware('action.type'));
      const api = { log: [] as string[] };
      // As Redux's applyMiddleware does: the chain holds the innermost closures, made at store creation.
      const dispatch = logger(api)((action: { type: string }) => action);
      dispatch({ type: 'a' });

      module.evaluate(middleware("'did ' + action.type"));
      expect(module.hot().invalidated).toEqual([]);
      expect(info).toHaveBeenLastCalledWith(
        `[mighty-patcher] patched hmr-glue/${name}/middleware.js: logger, logger/return, logger/return/return (3 functions)`,
      );
      dispatch({ type: 'b' });
      expect(api.log).toEqual(['a', 'did b']);

      // The middle closure changed outside the innermost one: the chain made before keeps its code, said so.
      module.evaluate(middleware("'did ' + action.type + seen", '\n  const seen = 1;'));
      expect(module.hot().invalidated).toEqual([expect.stringContaining('functions that logger/return made before this edit')]);
      dispatch({ type: 'c' });
      expect(api.log).toEqual(['a', 'did b', 'did c']);
    } finally {
      info.mockRestore();
      warn.mockRestore();
    }
  });

  test('a module exporting a hook or a component is left to React Fast Refresh: not accepted, its previous functions keep their code', () => {
    const module = hmrModule(adapter(), `hmr-glue/${name}/hooks.js`);
    const info = jest.spyOn(console, 'info').mockImplementation(() => {});
    try {
      // Panel's function has a lowercase name of its own, as React Refresh's transform gives `memo(_c = () => …)`:
      // the binding's name makes it a component.
      const v = (n: number) => `export function useCount() { return ${n}; }\nexport const Badge = () => "${n}";\nexport const Panel = function panel() { return ${n}; };`;
      const { useCount, Badge, Panel } = module.evaluate(v(1));
      expect(module.hot().accepted).toBeUndefined();
      // In a page (a document): Fast Refresh's.
      (globalThis as { document?: unknown }).document = {};
      module.evaluate(v(2));
      expect([useCount(), Badge(), Panel()]).toEqual([1, '1', 1]);
      expect(info).toHaveBeenCalledWith(`[mighty-patcher] hmr-glue/${name}/hooks.js: useCount, Badge, Panel left to React Fast Refresh (components and hooks)`);
      // On a server (a route handler's GET), where no Fast Refresh runs, the line does not name it.
      delete (globalThis as { document?: unknown }).document;
      module.evaluate(v(3));
      expect([useCount(), Badge(), Panel()]).toEqual([1, '1', 1]);
      expect(info).toHaveBeenLastCalledWith(
        `[mighty-patcher] hmr-glue/${name}/hooks.js: useCount, Badge, Panel evaluated again by the bundler, not patched in place (named as React components and hooks are)`,
      );
    } finally {
      delete (globalThis as { document?: unknown }).document;
      info.mockRestore();
    }
  });

  test('a module exporting a value does not accept itself, and its functions are still swapped; evaluated again, it says its values are new', () => {
    const module = hmrModule(adapter(), `hmr-glue/${name}/count.js`);
    const info = jest.spyOn(console, 'info').mockImplementation(() => {});
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const { increment } = module.evaluate('export let count = 0; export function increment() { return 1; }');
      expect(module.hot().accepted).toBeUndefined();
      module.evaluate('export let count = 0; export function increment() { return 2; }');
      expect(increment()).toBe(2);
      // Evaluated again by its update: one line says its values are new and what runs the new code.
      expect(warn).toHaveBeenCalledWith(
        `[mighty-patcher] hmr-glue/${name}/count.js was evaluated again: its module-level values (a store, a cache) are new ones; code holding the previous ones keeps them, and runs the new code of increment (1 function)`,
      );
      expect(info).not.toHaveBeenCalledWith(expect.stringContaining('patched'));
      // Evaluated again unchanged (as Vite does for an importer of a module patched in place): its `count` is a new one.
      module.evaluate('export let count = 0; export function increment() { return 2; }');
      expect(warn).toHaveBeenCalledWith(
        `[mighty-patcher] hmr-glue/${name}/count.js was evaluated again: its module-level values (a store, a cache) are new ones; code holding the previous ones keeps them`,
      );
    } finally {
      info.mockRestore();
      warn.mockRestore();
    }
  });

  test('a module whose top level registers a callback does not accept itself; a factory of closures does', () => {
    // Evaluated again, the first would register a second listener: its updates go to the importers. The
    // second only declares: it accepts, and the glue's closure patcher reaches the closures made before an
    // update (docs/protocol.md §6).
    const listeners: unknown[] = [];
    (globalThis as Record<string, unknown>).hmrGlueTarget = { addEventListener: (_type: string, fn: unknown) => listeners.push(fn) };
    try {
      const listening = hmrModule(adapter(), `hmr-glue/${name}/listening.js`);
      listening.evaluate(`export function label(n) { return 'n=' + n; }
globalThis.hmrGlueTarget.addEventListener('click', (event) => label(event));`);
      expect(listeners).toHaveLength(1);
      expect(listening.hot().accepted).toBeUndefined();
    } finally {
      delete (globalThis as Record<string, unknown>).hmrGlueTarget;
    }
    const factory = hmrModule(adapter(), `hmr-glue/${name}/factory.js`);
    const { makeCounter } = factory.evaluate('export function makeCounter(step) { let n = 0; return () => (n += step); }');
    expect(typeof factory.hot().accepted).toBe('function');
    expect(makeCounter(2)()).toBe(2);
    // A top-level throw leaves nothing behind: that version still accepts itself (and is rolled back).
    const throwingOnly = hmrModule(adapter(), `hmr-glue/${name}/throwing-only.js`);
    expect(() => throwingOnly.evaluate("export function f() { return 1; }\nthrow new Error('no');")).toThrow('no');
    expect(typeof throwingOnly.hot().accepted).toBe('function');
  });
});

// With @mighty-patcher/runtime loaded, the glue uses the registry's beginPatch: onPatch listeners get reports.
describe.each(adapters)('%s: HMR glue with module.hot, runtime loaded', (name, adapter) => {
  test('each update is one registry transaction, reported to onPatch; a throwing version is rolled back', async () => {
    const runtime = await import('@mighty-patcher/runtime');
    const reports: unknown[] = [];
    const stop = runtime.onPatch((report) => reports.push(report));
    try {
      const moduleId = `hmr-glue/${name}/runtime.js`;
      const module = hmrModule(adapter(), moduleId);
      const { greeting } = module.evaluate(v1);
      expect(reports).toEqual([]);
      module.evaluate(v2);
      expect(greeting('Ada')).toBe('Howdy, Ada');
      expect(reports).toEqual([expect.objectContaining({ moduleId, updated: ['greeting', 'shout'], unchanged: ['Greeter.prototype.hello'] })]);
      expect(() => module.evaluate(throwing)).toThrow('this version throws');
      await microtask();
      expect(greeting('Ada')).toBe('Howdy, Ada');
      expect(runtime.getSlot(`${moduleId}#added`)).toBeUndefined();
      expect(reports).toHaveLength(1);
    } finally {
      stop();
    }
  });
});

// A top-level module (docs/protocol.md §6) under a Vite-like `import.meta.hot`: one `data` object per module
// path, dispose handlers called before the next instance runs. Evaluated as ES modules (vm.SourceTextModule);
// the module reaches the test through a synthetic `./env` module.
function viteModule(adapter: Adapter, file: string) {
  const filename = path.join(ROOT, file);
  const data: Record<string, unknown> = {};
  let disposers: ((data: Record<string, unknown>) => void)[] = [];
  const invalidated: string[] = [];
  const evaluate = async (source: string, env: Record<string, unknown>) => {
    const code = adapter.transform(source, filename, { sourceType: 'module', root: ROOT, output: 'esm', sourceMaps: false, hmr: 'esm' });
    for (const dispose of disposers) dispose(data);
    disposers = [];
    const hot = {
      data,
      accept() {},
      dispose(handler: (data: Record<string, unknown>) => void) {
        disposers.push(handler);
      },
      invalidate(message: string) {
        invalidated.push(message);
      },
    };
    const module = new (vm as any).SourceTextModule(code, { identifier: filename, initializeImportMeta: (meta: Record<string, unknown>) => (meta.hot = hot) });
    await module.link((specifier: string) => {
      if (GLUE_SPECIFIERS.includes(specifier)) return glueMain;
      const synthetic = new (vm as any).SyntheticModule(Object.keys(env), function (this: { setExport(name: string, value: unknown): void }) {
        for (const [name, value] of Object.entries(env)) this.setExport(name, value);
      });
      return synthetic;
    });
    await module.evaluate();
    // As in a page, what the test does next comes in a later task: the glue's record of the load lasts until a
    // task after the top level (docs/protocol.md §6).
    await new Promise((resolve) => setTimeout(resolve, 0));
    return module.namespace as Record<string, any>;
  };
  return { evaluate, invalidated };
}

describe.each(adapters)('%s: HMR glue of a top-level module, import.meta.hot', (name, adapter) => {
  const v1 = `import { target, log } from './env';
export function label(n) { return 'n=' + n; }
let clicks = 0;
const started = log.push('top level ran');
target.listeners.push((event) => { clicks += 1; return label(clicks) + ' ' + event; });
export function makeAdder(step) { return (n) => n + step; }`;

  test('a body edit runs in the kept scope, once; other edits run the top level again and invalidate', async () => {
    const target = { listeners: [] as ((event: string) => string)[] };
    const log: string[] = [];
    const module = viteModule(adapter(), `hmr-glue/${name}/top-level.js`);
    await module.evaluate(v1, { target, log });
    const [listener] = target.listeners;
    expect(listener('a')).toBe('n=1 a');

    // Inside the inline callback and inside label: in place, the top level not run again, `clicks` kept.
    await module.evaluate(v1.replace("label(clicks) + ' ' + event", "label(clicks) + ' / ' + event").replace("'n=' + n", "'#' + n"), { target, log });
    expect(target.listeners).toHaveLength(1);
    expect(log).toEqual(['top level ran']);
    expect(listener('b')).toBe('#2 / b');
    expect(module.invalidated).toEqual([]);

    // A function that makes closures changed: refused, the previous code keeps running, invalidated.
    await module.evaluate(v1.replace("label(clicks) + ' ' + event", "label(clicks) + ' / ' + event").replace("'n=' + n", "'#' + n").replace('n + step', 'n - step'), { target, log });
    expect(target.listeners).toHaveLength(1);
    expect(listener('c')).toBe('#3 / c');
    expect(module.invalidated).toEqual([expect.stringContaining('makeAdder makes closures')]);

    // The same text again (Vite passed on an update of a module it imports): the top level runs again, as
    // without the plugin, and the module invalidates itself.
    const v2 = v1.replace("label(clicks) + ' ' + event", "label(clicks) + ' / ' + event").replace("'n=' + n", "'#' + n");
    await module.evaluate(v2, { target, log });
    expect(log).toEqual(['top level ran', 'top level ran']);
    expect(module.invalidated[1]).toContain('a module it imports changed');

    // Outside function bodies: the top level runs again (as a re-evaluation does), then the module invalidates.
    await module.evaluate(v2.replace('let clicks = 0;', 'let clicks = 10;'), { target, log });
    expect(log).toEqual(['top level ran', 'top level ran', 'top level ran']);
    expect(module.invalidated).toHaveLength(3);
    expect(module.invalidated[2]).toContain('changed outside function bodies');
  });
});

// A function a top-level module's own top level called while it loaded (`bootstrap()`, `items.forEach(renderItem)`)
// made something a new body cannot reach: an edit of it runs the top level again and invalidates the module, as
// Vite does without the plugin, instead of a patch that never runs. Other body edits stay in place.
describe.each(adapters)('%s: HMR glue of a top-level module, functions that ran while it loaded', (name, adapter) => {
  const v1 = `import { target, log } from './env';
let clicks = 0;
function bootstrap() { log.push('bootstrap'); target.html = 'v1'; }
function renderItem(item) { target.items.push(item + '.'); }
function onClick(event) { clicks += 1; return 'clicks=' + clicks + ' ' + event; }
bootstrap();
['a', 'b'].forEach(renderItem);
target.listeners.push(onClick);`;

  test('an edit of bootstrap or of a forEach callback runs the top level again; an edit of a listener is patched in place', async () => {
    const target = { listeners: [] as ((event: string) => string)[], html: '', items: [] as string[] };
    const log: string[] = [];
    // The modules run in the main realm (vm.SourceTextModule without a context): its console, not Jest's.
    const realm = vm.runInThisContext('globalThis') as typeof globalThis;
    const info = jest.spyOn(realm.console, 'info').mockImplementation(() => {});
    const warn = jest.spyOn(realm.console, 'warn').mockImplementation(() => {});
    try {
      const file = `hmr-glue/${name}/ran-at-load.js`;
      const module = viteModule(adapter(), file);
      await module.evaluate(v1, { target, log });
      expect([log, target.html, target.items, target.listeners.length]).toEqual([['bootstrap'], 'v1', ['a.', 'b.'], 1]);
      const [listener] = target.listeners;
      expect(listener('a')).toBe('clicks=1 a');

      // The listener did not run while the module loaded: in place, reported like any module's patch.
      const v2 = v1.replace("'clicks=' + clicks", "'#' + clicks");
      await module.evaluate(v2, { target, log });
      expect([log, target.items, target.listeners.length, module.invalidated]).toEqual([['bootstrap'], ['a.', 'b.'], 1, []]);
      expect(listener('b')).toBe('#2 b');
      expect(info.mock.calls.map((call) => call[0])).toEqual([`[mighty-patcher] patched ${file}: onClick (1 function)`]);

      // bootstrap ran while the module loaded: its top level runs again (the new DOM), the module invalidates
      // itself (Vite reloads the page), and nothing says "patched".
      const v3 = v2.replace("target.html = 'v1'", "target.html = 'v3'");
      await module.evaluate(v3, { target, log });
      expect([log, target.html, target.listeners.length]).toEqual([['bootstrap', 'bootstrap'], 'v3', 2]);
      expect(module.invalidated).toEqual([expect.stringContaining(`${file}: bootstrap ran while the module loaded`)]);
      expect(warn.mock.calls.map((call) => call[0])).toEqual([expect.stringContaining('bootstrap ran while the module loaded (what it made keeps the old code), so its top level ran again; the update goes on to the modules importing it')]);
      expect(info).toHaveBeenCalledTimes(1);

      // The instance that ran its top level is the kept one, and its load was noted too: a listener edit is in
      // place, an edit of the forEach callback runs the top level again.
      await module.evaluate(v3.replace("'#' + clicks", "'n' + clicks"), { target, log });
      expect([log.length, module.invalidated.length]).toEqual([2, 1]);
      expect(target.listeners[1]!('c')).toBe('n1 c');
      await module.evaluate(v3.replace("'#' + clicks", "'n' + clicks").replace("item + '.'", "item + '!'"), { target, log });
      expect([log.length, target.items]).toEqual([3, ['a.', 'b.', 'a.', 'b.', 'a!', 'b!']]);
      expect(module.invalidated[1]).toContain('renderItem ran while the module loaded');
    } finally {
      info.mockRestore();
      warn.mockRestore();
    }
  });

  test('a function that ran while the module loaded and runs again later (render, also called by a listener) counts as one that ran at load', async () => {
    const v1 = `import { target, log } from './env';
let clicks = 0;
function render() { target.html = 'clicks ' + clicks; }
target.listeners.push(() => { clicks += 1; render(); return target.html; });
render();`;
    const target = { listeners: [] as (() => string)[], html: '' };
    const realm = vm.runInThisContext('globalThis') as typeof globalThis;
    const info = jest.spyOn(realm.console, 'info').mockImplementation(() => {});
    const warn = jest.spyOn(realm.console, 'warn').mockImplementation(() => {});
    try {
      const module = viteModule(adapter(), `hmr-glue/${name}/render.js`);
      await module.evaluate(v1, { target, log: [] });
      expect([target.html, target.listeners[0]!()]).toEqual(['clicks 0', 'clicks 1']);
      // The recorder stepped aside at render's first call: its cell forwards no more (no cost on later calls).
      const registry = (realm as any)[Symbol.for('mighty-patcher.registry')];
      const [cell] = registry.slots.get(`hmr-glue/${name}/render.js#render`).cells;
      expect([cell.v, cell.impl]).toEqual([0, undefined]);
      // The listener's body: in place, its state kept.
      const v2 = v1.replace('clicks += 1;', 'clicks += 2;');
      await module.evaluate(v2, { target, log: [] });
      expect([target.listeners.length, target.listeners[0]!(), module.invalidated]).toEqual([1, 'clicks 3', []]);
      // render's body: it ran while the module loaded, so the top level runs again (conservative) and invalidates.
      await module.evaluate(v2.replace("'clicks ' + clicks", "'count ' + clicks"), { target, log: [] });
      expect([target.listeners.length, target.html]).toEqual([2, 'count 0']);
      expect(module.invalidated).toEqual([expect.stringContaining('render ran while the module loaded')]);
    } finally {
      info.mockRestore();
      warn.mockRestore();
    }
  });
});

// A module that only declares and exports values next to its functions (a Redux Toolkit slice, a memoized
// selector) is a top-level module under Vite: a body edit is applied in place and the page keeps one store;
// an exported value holding the changed function is made again for the modules importing the new version.
describe.each(adapters)('%s: HMR glue of a module exporting values, import.meta.hot', (name, adapter) => {
  const v1 = `import { createSlice, createSelector, log } from './env';
const initialState = { items: [] };
export const slice = createSlice({
  initialState,
  reducers: {
    added(state, item) { state.items.push(item); },
  },
});
export const { added } = slice.actions;
export const selectCount = createSelector((state) => state.items, (items) => 'count ' + items.length);
export default slice.reducer;`;
  // Stand-ins for Redux Toolkit's: the slice's reducer holds the reducers it was given, the selector memoizes
  // its result by its input's identity.
  const env = (log: string[]) => ({
    log,
    createSlice(definition: { initialState: object; reducers: Record<string, (state: object, item: unknown) => void> }) {
      log.push('slice made');
      return {
        initialState: definition.initialState,
        actions: { added: (item: unknown) => ({ type: 'added', item }) },
        reducer: (state: object, action: { type: string; item: unknown }) => (definition.reducers[action.type]!(state, action.item), state),
      };
    },
    createSelector<I, O>(input: (state: object) => I, result: (input: I) => O) {
      let last: [I, O] | undefined;
      return (state: object) => {
        const value = input(state);
        if (!last || last[0] !== value) last = [value, result(value)];
        return last[1];
      };
    },
  });

  test('a reducer edit runs in the store made before it; a selector edit gives importers a fresh selector; a value edit invalidates', async () => {
    const realm = vm.runInThisContext('globalThis') as typeof globalThis;
    const info = jest.spyOn(realm.console, 'info').mockImplementation(() => {});
    const warn = jest.spyOn(realm.console, 'warn').mockImplementation(() => {});
    try {
      const log: string[] = [];
      const file = `hmr-glue/${name}/values.js`;
      const module = viteModule(adapter(), file);
      const first = await module.evaluate(v1, env(log));
      // The store, made once by an importer from the first version's reducer.
      const store = { state: { items: [] as string[] }, reduce: first.default };
      store.reduce(store.state, first.added('a'));
      expect([store.state.items, first.selectCount(store.state)]).toEqual([['a'], 'count 1']);

      // A reducer's body: in place, the store made before the edit runs it, its state kept.
      const v2 = v1.replace('state.items.push(item)', 'state.items.unshift(item)');
      const second = await module.evaluate(v2, env(log));
      store.reduce(store.state, first.added('b'));
      expect([store.state.items, module.invalidated]).toEqual([['b', 'a'], []]);
      expect(info.mock.calls.map((call) => call[0])).toEqual([`[mighty-patcher] patched ${file}: slice.reducers.added (1 function)`]);
      // The value that holds it was made again for the new version's importers; the initial state is the page's.
      expect([second.slice === first.slice, second.slice.initialState === first.slice.initialState]).toEqual([false, true]);

      // A selector's result function: its new version's importers get a selector whose memo starts fresh.
      const v3 = v2.replace("'count ' + items.length", "'n=' + items.length");
      const third = await module.evaluate(v3, env(log));
      expect([third.selectCount(store.state), module.invalidated]).toEqual(['n=2', []]);
      // Values nothing changed in are the ones the last update made: one slice.
      expect([third.slice === second.slice, third.added === second.added, third.default === second.default]).toEqual([true, true, true]);
      expect(log).toEqual(['slice made', 'slice made']);

      // A value's edit (outside function bodies): the top level runs again and the update goes on to the importers.
      await module.evaluate(v3.replace('items: []', 'items: [], page: 0'), env(log));
      expect(log).toHaveLength(3);
      expect(module.invalidated).toEqual([expect.stringContaining('changed outside function bodies')]);
    } finally {
      info.mockRestore();
      warn.mockRestore();
    }
  });

  test('a module with a name like a component (or a constant in capitals) is left to Fast Refresh, one exporting a `let` propagates', () => {
    const filename = path.join(ROOT, `hmr-glue/${name}/styled.js`);
    const compile = (source: string) => adapter().transform(source, filename, { sourceType: 'module', root: ROOT, output: 'esm', sourceMaps: false, hmr: 'esm' });
    expect(compile("export const Title = styled('h1')(() => 'color: red');")).not.toContain('hotGate');
    expect(compile('export let count = 0;\nexport const increment = () => { count += 1; };')).not.toContain('hotGate');
    // React Refresh's transform would register `const PAGE_SIZE = gate(() => 20)` as a component.
    expect(compile('export const PAGE_SIZE = 20;\nexport const pages = (n) => Math.ceil(n / PAGE_SIZE);')).not.toContain('hotGate');
    expect(compile('export const pageSize = 20;\nexport const pages = (n) => Math.ceil(n / pageSize);')).toContain('hotGate');
  });
});
