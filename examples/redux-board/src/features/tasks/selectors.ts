import { createSelector } from '@reduxjs/toolkit';
import type { RootState } from '../../app/store';

export const selectTasks = (state: RootState) => state.tasks.items;
export const selectStatus = (state: RootState) => state.tasks.status;
const selectShow = (state: RootState) => state.filters.show;

export const selectVisibleTasks = createSelector([selectTasks, selectShow], (tasks, show) =>
  show === 'all' ? tasks : tasks.filter((task) => (show === 'done' ? task.done : !task.done)),
);

export const selectSummary = createSelector([selectTasks], (tasks) => {
  const done = tasks.filter((task) => task.done).length;
  return `${done} of ${tasks.length} done`;
});

// Shown by a panel opened on demand: first computed after the page has loaded.
export const selectLongestTitle = createSelector([selectTasks], (tasks) => {
  const longest = tasks.reduce((found, task) => (task.title.length > found.length ? task.title : found), '');
  return `longest: ${longest}`;
});
