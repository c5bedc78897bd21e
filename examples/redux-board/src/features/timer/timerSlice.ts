import { createSlice } from '@reduxjs/toolkit';

export const timerSlice = createSlice({
  name: 'timer',
  initialState: { ticks: 0, running: true },
  reducers: {
    ticked: (state) => {
      if (state.running) state.ticks += 1;
    },
    runningToggled(state) {
      state.running = !state.running;
    },
  },
});

export const { ticked, runningToggled } = timerSlice.actions;
