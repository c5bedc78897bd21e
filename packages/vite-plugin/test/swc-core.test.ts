// A project whose lockfile pins an @swc/core older than the SWC plugin's is told so when Vite starts, not left
// with SWC's "failed to invoke plugin" on every module (found on a real app pinning @swc/core 1.11.18).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { swcCoreMismatch } from '../src/hmr';

/** A project with plugin-react-swc and the given @swc/core installed beside it, as npm lays them out. */
function project(swcCore: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-vite-swc-'));
  const install = (name: string, version: string) => {
    const dir = path.join(root, 'node_modules', name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version }));
  };
  fs.writeFileSync(path.join(root, 'package.json'), '{}');
  install('@vitejs/plugin-react-swc', '3.8.1');
  install('@swc/core', swcCore);
  return root;
}

const withReactSwc = (root: string) => ({ root, plugins: [{ name: 'vite:react-swc' }, { name: 'mighty-patcher:hmr' }] }) as Parameters<typeof swcCoreMismatch>[0];
const roots: string[] = [];
afterAll(() => roots.forEach((root) => fs.rmSync(root, { recursive: true, force: true })));

test('an @swc/core older than 1.16 under plugin-react-swc is named, with its version and the command that fixes it', () => {
  const root = project('1.11.18');
  roots.push(root);
  expect(swcCoreMismatch(withReactSwc(root))).toBe(
    `@vitejs/plugin-react-swc runs @swc/core 1.11.18 (${path.join('node_modules', '@swc', 'core')}), older than the 1.16 that @mighty-patcher/swc-plugin needs: SWC will fail every module with "failed to invoke plugin". Install a newer one: npm install -D @swc/core@^1.16`,
  );
});

test('1.16 and later, a project without plugin-react-swc, or one where it is not installed: nothing to say', () => {
  const current = project('1.16.22');
  const next = project('2.0.0');
  roots.push(current, next);
  expect(swcCoreMismatch(withReactSwc(current))).toBeUndefined();
  expect(swcCoreMismatch(withReactSwc(next))).toBeUndefined();
  const old = project('1.11.18');
  roots.push(old);
  expect(swcCoreMismatch({ ...withReactSwc(old), plugins: [{ name: 'vite:react-babel' }] } as Parameters<typeof swcCoreMismatch>[0])).toBeUndefined();
  const bare = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-vite-swc-'));
  roots.push(bare);
  expect(swcCoreMismatch(withReactSwc(bare))).toBeUndefined();
});
