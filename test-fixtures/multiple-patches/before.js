export function step() {
  return 1;
}
