export function kept() {
  return 'kept v2';
}
