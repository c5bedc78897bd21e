export function tick(state) {
  state.values.push(2);
}
