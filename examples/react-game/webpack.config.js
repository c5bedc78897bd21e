// The README's webpack React recipe: webpack 5 + webpack-dev-server + @pmmmwh/react-refresh-webpack-plugin,
// the same app as the Vite recipes (vite.config.ts). RECIPE=webpack-babel (default) is babel-loader with
// react-refresh/babel and the Babel plugin; RECIPE=webpack-swc is swc-loader with SWC's own Fast Refresh
// transform and the SWC plugin. MIGHTY_PATCHER=0 leaves our plugin out: the tests' control column.
// Start it with `node webpack-dev-server.js [port]`.
import ReactRefreshPlugin from '@pmmmwh/react-refresh-webpack-plugin';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const recipe = process.env.RECIPE ?? 'webpack-babel';
const withPatcher = process.env.MIGHTY_PATCHER !== '0';
const root = fileURLToPath(new URL('.', import.meta.url));
const resolve = createRequire(import.meta.url).resolve;

const babel = {
  loader: 'babel-loader',
  options: {
    babelrc: false,
    configFile: false,
    presets: [['@babel/preset-typescript', { isTSX: true, allExtensions: true }], ['@babel/preset-react', { runtime: 'automatic', development: true }]],
    // Plugins run before presets, in one traversal: ours and react-refresh/babel in either order register and
    // sign every component shape the same (packages/hmr-tests/test/refresh-order.test.ts pins it).
    plugins: [...(withPatcher ? [[resolve('@mighty-patcher/babel-plugin'), { root, inScopePatches: false }]] : []), resolve('react-refresh/babel')],
  },
};

const swc = {
  loader: 'swc-loader',
  options: {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      target: 'es2022',
      transform: { react: { runtime: 'automatic', development: true, refresh: true } },
      // SWC's env name is `production` only when told so; the plugin's default glue is `module.hot`.
      experimental: { plugins: withPatcher ? [[resolve('@mighty-patcher/swc-plugin'), { root }]] : [] },
    },
  },
};

/** @type {import('webpack').Configuration} */
export default {
  mode: 'development',
  context: root,
  entry: './src/main.tsx',
  output: { path: fileURLToPath(new URL('dist-webpack', import.meta.url)), filename: 'main.js', publicPath: '/' },
  resolve: { extensions: ['.tsx', '.ts', '.js'] },
  module: {
    rules: [
      { test: /\.tsx?$/, exclude: /node_modules/, use: recipe === 'webpack-swc' ? swc : babel },
      // `import styles from './X.module.css'`, as Vite compiles it.
      { test: /\.module\.css$/, use: ['style-loader', { loader: 'css-loader', options: { modules: { namedExport: false, exportLocalsConvention: 'as-is' } } }] },
    ],
  },
  plugins: [new ReactRefreshPlugin({ overlay: false })],
  devServer: {
    host: '127.0.0.1',
    hot: true,
    static: false,
    client: { overlay: true },
    // index.html is Vite's (it loads /src/main.tsx): the same page, loading the bundle.
    setupMiddlewares(middlewares) {
      const html = fs.readFileSync(new URL('index.html', import.meta.url), 'utf8').replace(/<script type="module" src="\/src\/main.tsx"><\/script>/, '<script src="/main.js"></script>');
      middlewares.unshift({ name: 'index.html', path: '/', middleware: (request, response, next) => (request.url === '/' ? response.setHeader('content-type', 'text/html').end(html) : next()) });
      return middlewares;
    },
  },
};
