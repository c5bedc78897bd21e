// Output fixtures, in the layout of Babel's own plugin packages: fixtures/<case>/input.{js,ts}
// is compiled and compared with output.js. OVERWRITE=1 rewrites the outputs (review the diff).
// options.json holds the plugin's options, plus `sourceType` and `filename` (the file's path relative to
// root, i.e. its module id; default the input's file name).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ROOT, majors } from './helpers';

const FIXTURES = path.join(__dirname, 'fixtures');
const requireBabel = createRequire(path.join(ROOT, 'packages/babel-plugin/package.json'));
const cases = fs.readdirSync(FIXTURES).sort();

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
      root: directory,
      babelrc: false,
      configFile: false,
      sourceType,
      presets: input.endsWith('.ts') ? [typescript] : [],
      plugins: [[path.join(ROOT, 'packages/babel-plugin'), { warn: () => {}, ...pluginOptions }]],
    })!.code!;
    const expected = path.join(directory, 'output.js');
    if (process.env.OVERWRITE === '1' && major === 7) fs.writeFileSync(expected, `${code}\n`);
    expect(`${code}\n`).toBe(fs.readFileSync(expected, 'utf8'));
  });
});
