export function kept() {
  return 'kept';
}
export function dropped() {
  return 'dropped v1';
}
