export function* ids(start) {
  yield start;
  yield start + 1;
}
