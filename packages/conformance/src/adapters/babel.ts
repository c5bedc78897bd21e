import { createRequire } from 'node:module';
import path from 'node:path';
import type { Adapter, TransformOptions } from './types';

// Both Babel majors are installed side by side in packages/babel-plugin
// (Babel 8 under npm aliases), so the plugin is tested against each.
const pluginPackage = path.resolve(__dirname, '../../../babel-plugin');
const load = createRequire(path.join(pluginPackage, 'package.json'));

const packagesByMajor = {
  7: {
    core: '@babel/core',
    typescript: '@babel/preset-typescript',
    react: '@babel/preset-react',
    commonjs: '@babel/plugin-transform-modules-commonjs',
  },
  8: {
    core: 'babel8-core',
    typescript: 'babel8-preset-typescript',
    react: 'babel8-preset-react',
    commonjs: 'babel8-plugin-transform-modules-commonjs',
  },
} as const;

export type BabelMajor = keyof typeof packagesByMajor;

/** Babel 8 is ESM-only and its engines field asks for Node ^22.18 or >= 24.11. */
export function babel8Supported(version = process.versions.node): boolean {
  const [major, minor] = version.split('.').map(Number) as [number, number];
  return (major === 22 && minor >= 18) || (major === 24 && minor >= 11) || major > 24;
}

/** The part of @babel/core used here; the same in Babel 7 and 8. */
interface BabelCore {
  transformSync(source: string, options: Record<string, unknown>): { code?: string | null } | null;
}

export function babelAdapter(major: BabelMajor): Adapter {
  const names = packagesByMajor[major];
  const babel = load(names.core) as BabelCore;
  const plugin = load.resolve(pluginPackage);
  const typescript = load.resolve(names.typescript);
  const react = load.resolve(names.react);
  const commonjs = load.resolve(names.commonjs);

  return {
    name: `babel${major}`,
    transform(source: string, filename: string, options: TransformOptions): string {
      const extension = path.extname(filename);
      const presets: [string, object][] = [];
      if (extension === '.ts' || extension === '.tsx' || extension === '.mts' || extension === '.cts') {
        presets.push([typescript, {}]);
      }
      // The classic runtime needs no package: fixtures name their factory with an `@jsx` pragma.
      if (extension === '.jsx' || extension === '.tsx') presets.push([react, { runtime: 'classic' }]);
      const plugins: [string, object][] = [
        [plugin, { root: options.root, enabled: options.enabled ?? true, warn: () => {}, ...(options.hmr ? { hmr: options.hmr } : {}) }],
      ];
      if (options.output === 'commonjs') plugins.push([commonjs, {}]);
      const result = babel.transformSync(source, {
        filename,
        babelrc: false,
        configFile: false,
        sourceType: options.sourceType,
        presets,
        plugins,
        sourceMaps: options.sourceMaps === false ? false : 'inline',
      });
      if (typeof result?.code !== 'string') throw new Error(`Babel returned no code for ${filename}`);
      return result.code;
    },
  };
}
