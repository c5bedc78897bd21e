import assert from 'node:assert/strict';
import { getPrice, getStock } from './subject.mjs';

// An Express-like router: handlers are stored once, at start-up.
function createRouter() {
  const routes = new Map();
  return {
    get: (path, handler) => routes.set(path, handler),
    handle(path, request) {
      let body;
      routes.get(path)(request, { send: (text) => (body = text) });
      return body;
    },
  };
}

export default async function (t) {
  const app = createRouter();
  app.get('/price', getPrice);
  app.get('/stock', getStock);
  assert.equal(app.handle('/price', { id: 7 }), 'price 7: 10');
  const report = await t.patch();
  assert.deepEqual([...report.updated].sort(), ['getPrice', 'getStock']);
  assert.equal(app.handle('/price', { id: 7 }), 'price 7: 12');
  assert.equal(app.handle('/stock', { id: 7 }), 'stock 7: 0 (sold out)');
}
