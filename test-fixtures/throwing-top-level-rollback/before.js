export function price() {
  return 10;
}
export function label() {
  return 'ten';
}
