export function step() {
  return 4;
}
