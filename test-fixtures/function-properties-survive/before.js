export function lookup(key) {
  return lookup.cache.get(key) ?? 'v1 miss';
}
lookup.cache = new Map([['a', 'A']]);
