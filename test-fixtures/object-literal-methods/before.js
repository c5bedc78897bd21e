let calls = 0;
export const api = {
  list() {
    calls++;
    return ['a'];
  },
  create: async (item) => ({ created: item, calls }),
  get count() {
    return calls;
  },
  admin: {
    reset(to = 0) {
      calls = to;
    },
  },
};
export default {
  async fetch(request, env) {
    return `v1 ${request.url} ${env.region}`;
  },
};
