// Two functions whose names have one FNV-1a hash (`route93vu`, `routegtea`), so their cell variables are
// `_mp_s_<hash>` and `_mp_s_<hash>2` (docs/protocol.md §7); so do their closures' names, `…/return`.
export function route93vu(prefix) {
  return (name) => `${prefix} ${name}: first, edited`;
}
export function routegtea(prefix) {
  return (name) => `${prefix} ${name}: second, edited again`;
}
