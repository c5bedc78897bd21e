// A minimal zustand: create(creator) runs the creator once and keeps the state it returns.
export function create(creator) {
  let state;
  const set = (partial) => (state = { ...state, ...partial });
  const get = () => state;
  state = creator(set, get);
  return { getState: get };
}
