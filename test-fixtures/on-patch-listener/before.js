export function route() {
  return 'v1';
}
