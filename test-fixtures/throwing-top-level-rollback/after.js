export function price() {
  return 20;
}
export function label() {
  return 'twenty';
}
export function extra() {}
throw new Error('missing configuration');
