// Starts webpack-dev-server through its API: node dev-server.js [port] (default 8080).
import webpack from 'webpack';
import WebpackDevServer from 'webpack-dev-server';
import config from './webpack.config.js';

const port = Number(process.argv[2] ?? process.env.PORT ?? 8080);
const server = new WebpackDevServer({ ...config.devServer, port }, webpack(config));
await server.start();
console.log(`webpack-dev-server listening on http://${config.devServer.host}:${port}/`);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.stop().then(() => process.exit(0)));
