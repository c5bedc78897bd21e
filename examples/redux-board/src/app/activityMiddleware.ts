import { isAction, type Middleware } from '@reduxjs/toolkit';
import { activity } from './activity';

// Records every action that reached the reducers, except the clock's ticks.
export const activityMiddleware: Middleware = () => (next) => (action) => {
  const result = next(action);
  if (isAction(action) && !action.type.startsWith('timer/')) {
    activity.record(action.type);
  }
  return result;
};
