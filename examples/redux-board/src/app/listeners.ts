import { createListenerMiddleware } from '@reduxjs/toolkit';
import { shown } from '../features/filters/filtersSlice';
import { taskAdded } from '../features/tasks/tasksSlice';
import type { AppDispatch, RootState } from './store';

export const listenerMiddleware = createListenerMiddleware();

export const startAppListening = listenerMiddleware.startListening.withTypes<RootState, AppDispatch>();

// A task added while only done tasks are shown would be invisible: show the active ones.
startAppListening({
  actionCreator: taskAdded,
  effect: (_action, api) => {
    if (api.getState().filters.show === 'done') api.dispatch(shown('active'));
  },
});
