import type { FC } from 'react';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { formatElapsed } from '../../utils/time';
import { runningToggled } from './timerSlice';

export const TimerPanel: FC = () => {
  const dispatch = useAppDispatch();
  const { ticks, running } = useAppSelector((state) => state.timer);
  return (
    <p id="timer">
      <span id="elapsed">{formatElapsed(ticks)}</span> (<b id="ticks">{ticks}</b> ticks){' '}
      <button type="button" id="pause" onClick={() => dispatch(runningToggled())}>
        {running ? 'Pause' : 'Resume'}
      </button>
    </p>
  );
};
