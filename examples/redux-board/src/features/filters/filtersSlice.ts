import { createSlice, type PayloadAction } from '@reduxjs/toolkit';

export type Show = 'all' | 'active' | 'done';

interface FiltersState {
  show: Show;
}

const initialState: FiltersState = {
  show: 'all',
};

export const filtersSlice = createSlice({
  name: 'filters',
  initialState,
  reducers: {
    shown(state, action: PayloadAction<Show>) {
      state.show = action.payload;
    },
    filtersReset: () => initialState,
  },
});

export const { shown, filtersReset } = filtersSlice.actions;
