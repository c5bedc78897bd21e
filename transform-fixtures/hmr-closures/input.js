// A store slice: its actions are closures, made once when the store is created. The glue carries the
// closure patcher, so that an edit of an action reaches the store made before it (docs/protocol.md §6).
export const createCounterSlice = (set, get) => ({
  count: 0,
  increment: (by) => set({ count: get().count + by }),
  reset() {
    set({ count: 0 });
  },
});
