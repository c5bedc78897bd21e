// Output fixtures shared with the SWC plugin (transform-fixtures/README.md): transform-fixtures/<case>/input.{js,ts}
// is compiled and compared with output.babel.js (packages/swc-plugin/tests/fixture.rs compares output.swc.js).
// options.json holds the plugin's options, plus `sourceType` and `filename` (the file's path relative to the case
// directory, which is the working directory and root: its module id; default the input's file name).
// UPDATE=1 rewrites the outputs from Babel 7 (review the diff); Babel 8 must give the same.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ROOT, majors } from './helpers';

const FIXTURES = path.join(ROOT, 'transform-fixtures');
const requireBabel = createRequire(path.join(ROOT, 'packages/babel-plugin/package.json'));
const cases = fs
  .readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe.each(majors)('Babel %i', (major) => {
  const babel = requireBabel(major === 7 ? '@babel/core' : 'babel8-core') as typeof import('@babel/core');
  const typescript = requireBabel.resolve(major === 7 ? '@babel/preset-typescript' : 'babel8-preset-typescript');

  test.each(cases)('%s', (name) => {
    const directory = path.join(FIXTURES, name);
    const input = fs.readdirSync(directory).find((file) => file.startsWith('input.'))!;
    const optionsFile = path.join(directory, 'options.json');
    const { sourceType = 'module', filename: moduleId = input, ...pluginOptions } = fs.existsSync(optionsFile)
      ? JSON.parse(fs.readFileSync(optionsFile, 'utf8'))
      : {};
    const filename = path.join(directory, moduleId);
    const code = babel.transformSync(fs.readFileSync(path.join(directory, input), 'utf8'), {
      filename,
      cwd: directory,
      root: directory,
      babelrc: false,
      configFile: false,
      sourceType,
      presets: input.endsWith('.ts') ? [typescript] : [],
      // The glue's module by its package name: the default, an absolute path, differs from machine to machine.
      plugins: [[path.join(ROOT, 'packages/babel-plugin'), { warn: () => {}, hmrRuntime: '@mighty-patcher/hmr', ...pluginOptions }]],
      // Babel 8's default: strings keep their characters (`…`), where Babel 7 escapes them (`\u2026`).
      generatorOpts: { jsescOption: { minimal: true } },
    })!.code!;
    const expected = path.join(directory, 'output.babel.js');
    if (process.env.UPDATE === '1' && major === 7) fs.writeFileSync(expected, `${code}\n`);
    expect(`${code}\n`).toBe(fs.readFileSync(expected, 'utf8'));
  });
});
