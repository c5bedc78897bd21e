export function makeHandlers(names) {
  const handlers = {};
  for (const name of names) {
    let count = 0;
    handlers[name] = () => `${name.toUpperCase()}#${++count}`;
  }
  return handlers;
}
