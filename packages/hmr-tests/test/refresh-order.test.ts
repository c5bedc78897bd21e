// React Fast Refresh's registrations and hook signatures with our plugin, in the webpack recipes'
// transforms (examples/react-game/webpack.config.js): react-refresh/babel next to the Babel plugin, in
// either order in `plugins`, and SWC's `jsc.transform.react.refresh` with the SWC plugin. Every module of
// examples/react-game (a `function` component, `const X: FC = () =>`, `memo`, `forwardRef`, a HOC, a
// hook, plain modules) must register and sign the same components as the control without our plugin.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ROOT } from './harness';

const app = path.join(ROOT, 'examples/react-game');
const appRequire = createRequire(path.join(app, 'package.json'));
// The example's own compilers (this package depends on neither): only their transformSync is used.
const babel = appRequire('@babel/core') as { transformSync(code: string, options: object): { code?: string | null } | null };
const swc = appRequire('@swc/core') as { transformSync(code: string, options: object): { code: string } };
const ours = [appRequire.resolve('@mighty-patcher/babel-plugin'), { root: app, inScopePatches: false }];
const refresh = appRequire.resolve('react-refresh/babel');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(file);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [file] : [];
  });
}

/** What Fast Refresh learns of a module: the ids it registers, and the hook signatures it records. */
function refreshOf(code: string): { ids: string[]; signatures: string[] } {
  // Babel: `$RefreshReg$(_c, "App")`; SWC: the same call, or `_c = App` then `$RefreshReg$(_c, "App")`.
  const ids = [...code.matchAll(/\$RefreshReg\$\(\w+, "([^"]+)"\)/g)].map((m) => m[1]!);
  // A signature call: `_s(App, "<hash>", forceReset, …)` (or around a memo/forwardRef argument).
  const signatures = [...code.matchAll(/"([A-Za-z0-9+/]{27}=)"(?:, (true|false))?/g)].map((m) => `${m[1]} ${m[2] ?? 'false'}`);
  return { ids: [...new Set(ids)].sort(), signatures: [...new Set(signatures)].sort() };
}

function withBabel(file: string, plugins: unknown[]): string {
  return babel.transformSync(fs.readFileSync(file, 'utf8'), {
    filename: file,
    babelrc: false,
    configFile: false,
    // As under webpack-dev-server (react-refresh/babel refuses Jest's `test`).
    envName: 'development',
    presets: [
      [appRequire.resolve('@babel/preset-typescript'), { isTSX: true, allExtensions: true }],
      [appRequire.resolve('@babel/preset-react'), { runtime: 'automatic', development: true }],
    ],
    plugins,
  })!.code!;
}

function withSwc(file: string, patcher: boolean): string {
  return swc.transformSync(fs.readFileSync(file, 'utf8'), {
    filename: file,
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      target: 'es2022',
      transform: { react: { runtime: 'automatic', development: true, refresh: true } },
      experimental: { plugins: patcher ? [[appRequire.resolve('@mighty-patcher/swc-plugin'), { root: app }]] : [] },
    },
  }).code;
}

/**
 * The one difference allowed: `memo(_mp_def(() => …))` gives Refresh's HOC inference one more call to walk
 * through, so the component function is also registered as `Board$memo$_mp_def` (SWC) or `Board$memo$`
 * (Babel: our generated callee has no source text). It is the same function as `Board$memo`'s (`_mp_def`
 * returns its argument); Refresh's runtime keeps a function's first registration only, an id every version
 * of the module registers alike, so edits find the family (react-game's memo and forwardRef rows).
 */
function extraIds(control: string[], instrumented: string[]): string[] {
  return instrumented.filter((id) => !control.includes(id)).filter((id) => !control.some((base) => id === `${base}$` || id === `${base}$_mp_def`));
}

const files = sources(path.join(app, 'src'));

describe('Fast Refresh registrations with the plugin, in the webpack recipes\u2019 transforms (examples/react-game)', () => {
  test('the app has every component shape', () => {
    const all = files.map((file) => fs.readFileSync(file, 'utf8')).join('\n');
    for (const shape of ['export default function Header', 'memo(() =>', 'forwardRef<', ': FC = () =>', 'export function withFrame', 'export function useInterval']) {
      expect({ shape, found: all.includes(shape) }).toEqual({ shape, found: true });
    }
    // And the controls see them: the comparisons below are not between two empty lists.
    const components = ['App', 'FramedScore', 'Header', 'ScorePanel', 'Board', 'Board$memo', 'Controls', 'Controls$forwardRef'];
    for (const transform of [(file: string) => withBabel(file, [refresh]), (file: string) => withSwc(file, false)]) {
      const seen = files.map((file) => refreshOf(transform(file)));
      expect(components.filter((id) => !seen.some((module) => module.ids.includes(id)))).toEqual([]);
      // App, ScorePanel, Board's and Controls' inner functions call hooks (react-refresh/babel also signs
      // the hook useInterval; SWC's transform does not).
      expect(seen.flatMap((module) => module.signatures).length).toBeGreaterThanOrEqual(4);
    }
  });

  test.each(files.map((file) => path.relative(app, file)))('%s: react-refresh/babel before or after the Babel plugin, as without it', (relative) => {
    const file = path.join(app, relative);
    const control = refreshOf(withBabel(file, [refresh]));
    for (const plugins of [
      [ours, refresh],
      [refresh, ours],
    ]) {
      const instrumented = refreshOf(withBabel(file, plugins));
      expect(instrumented.signatures).toEqual(control.signatures);
      expect(control.ids.filter((id) => !instrumented.ids.includes(id))).toEqual([]);
      expect(extraIds(control.ids, instrumented.ids)).toEqual([]);
    }
  });

  test.each(files.map((file) => path.relative(app, file)))('%s: SWC refresh with the SWC plugin, as without it', (relative) => {
    const file = path.join(app, relative);
    const control = refreshOf(withSwc(file, false));
    const instrumented = refreshOf(withSwc(file, true));
    expect(instrumented.signatures).toEqual(control.signatures);
    expect(control.ids.filter((id) => !instrumented.ids.includes(id))).toEqual([]);
    expect(extraIds(control.ids, instrumented.ids)).toEqual([]);
  });
});
