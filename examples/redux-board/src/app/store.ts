import { configureStore } from '@reduxjs/toolkit';
import { filtersSlice } from '../features/filters/filtersSlice';
import tasksReducer from '../features/tasks/tasksSlice';
import { timerSlice } from '../features/timer/timerSlice';
import { activityMiddleware } from './activityMiddleware';
import { listenerMiddleware } from './listeners';

export const store = configureStore({
  reducer: {
    tasks: tasksReducer,
    timer: timerSlice.reducer,
    filters: filtersSlice.reducer,
  },
  // The listener middleware goes first, as RTK's docs advise; ours logs what reached the reducers.
  middleware: (getDefaultMiddleware) => getDefaultMiddleware().prepend(listenerMiddleware.middleware).concat(activityMiddleware),
});

export type AppStore = typeof store;
export type RootState = ReturnType<AppStore['getState']>;
export type AppDispatch = AppStore['dispatch'];
