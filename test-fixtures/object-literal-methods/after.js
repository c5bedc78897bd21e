let calls = 0;
export const api = {
  list() {
    calls++;
    return ['a', 'b'];
  },
  create: async (item) => ({ created: item.toUpperCase(), calls }),
  get count() {
    return calls * 10;
  },
  admin: {
    reset(to = 0) {
      calls = to + 1;
    },
  },
};
export default {
  async fetch(request, env) {
    return `v2 ${request.url} ${env.region}`;
  },
};
