import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** @type {import('webpack').Configuration} */
export default {
  mode: 'development',
  context: here,
  entry: './src/index.js',
  output: { path: path.join(here, 'dist'), filename: 'main.js', publicPath: '/' },
  devtool: 'source-map',
  module: {
    rules: [
      // babel-loader reads babel.config.json: @mighty-patcher/babel-plugin, whose HMR glue uses
      // import.meta.webpackHot (the output stays an ES module; webpack bundles it).
      { test: /\.js$/, exclude: /node_modules/, use: 'babel-loader' },
    ],
  },
  devServer: {
    host: '127.0.0.1',
    hot: true,
    static: path.join(here, 'public'),
    client: { overlay: true },
  },
};
