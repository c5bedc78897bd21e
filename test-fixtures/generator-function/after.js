export function* ids(start) {
  yield start * 10;
  yield start * 10 + 1;
}
