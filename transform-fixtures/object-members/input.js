let calls = 0;
export const api = {
  list() {
    return ['a'];
  },
  create: async (item) => ({ item, calls: ++calls }),
  get count() {
    return calls;
  },
  set count(value) {
    calls = value;
  },
  [Symbol.iterator]: function* () {
    yield 1;
  },
  nested: {
    reset(to = 0) {
      calls = to;
    },
  },
  __proto__: { inherited() {} },
  [computedKey()]() {},
};
export default {
  async fetch(request, env) {
    return new Response('ok');
  },
};
module.exports = { handler: async (event) => event };
