const required = (name) => {
  throw new RangeError(`${name} is required (v2)`);
};
export function connect(url = required('url')) {
  return `v2 ${url}`;
}
export function* lines(text = required('text')) {
  yield* text.split('\n');
}
