const required = (name) => {
  throw new RangeError(`${name} is required`);
};
export function connect(url = required('url')) {
  return `v1 ${url}`;
}
export function* lines(text = required('text')) {
  yield* text.split('\n');
}
