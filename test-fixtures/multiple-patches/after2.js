export function step(extra) {
  return 3 + (extra ?? 0);
}
