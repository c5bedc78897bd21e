export function price() {
  return 30;
}
export function label() {
  return 'thirty';
}
