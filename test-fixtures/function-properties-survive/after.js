export function lookup(key) {
  return lookup.cache.get(key) ?? 'v2 miss';
}
lookup.cache = new Map([['a', 'A2']]);
