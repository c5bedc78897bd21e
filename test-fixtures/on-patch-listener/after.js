export function route() {
  return 'v2';
}
