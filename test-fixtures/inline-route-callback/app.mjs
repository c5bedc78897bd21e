// An Express-like app: handlers are stored once, when the module registers them.
export function createApp() {
  const routes = new Map();
  return {
    get: (path, handler) => routes.set(path, handler),
    handler: (path) => routes.get(path),
    handle(path, params) {
      let body;
      routes.get(path)({ params }, { send: (text) => (body = text) });
      return body;
    },
  };
}
