// Starts webpack-dev-server with webpack.config.js through its API: node webpack-dev-server.js [port] (default 8080).
import webpack from 'webpack';
import WebpackDevServer from 'webpack-dev-server';
import config from './webpack.config.js';

// Babel's (and SWC's) env name follows NODE_ENV: development, as `webpack serve --node-env development`
// sets it, whatever the shell (or a test runner) exported. react-refresh/babel refuses any other.
process.env.NODE_ENV = 'development';
const port = Number(process.argv[2] ?? process.env.PORT ?? 8080);
const server = new WebpackDevServer({ ...config.devServer, port }, webpack(config));
await server.start();
console.log(`webpack-dev-server listening on http://${config.devServer.host}:${port}/`);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.stop().then(() => process.exit(0)));
