// A module that only declares, exporting values next to functions (a Redux Toolkit slice, a selector): under
// Vite a top-level module too. Each declarator whose initialiser is not a function is gated with the text that
// reads its bindings in the running instance (`true` after it when exported), and so is `export default` of a
// member chain: an instance that skips its top level binds the values the page uses (one store).
import { createSelector, createSlice, type PayloadAction } from '@reduxjs/toolkit';

export const pageSize = 20;
const initialState = { items: [] as string[], page: 0 };

export const listSlice = createSlice({
  name: 'list',
  initialState,
  reducers: {
    added(state, action: PayloadAction<string>) {
      state.items.push(action.payload);
    },
    next: (state) => {
      state.page += 1;
    },
  },
});

export const { added, next: nextPage } = listSlice.actions;
const [firstItem] = initialState.items;

export const selectVisible = createSelector([(state: { list: typeof initialState }) => state.list], (list) =>
  list.items.slice(list.page * pageSize, (list.page + 1) * pageSize),
);

export { firstItem };
export default listSlice.reducer;
