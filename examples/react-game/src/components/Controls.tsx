import { forwardRef, useState } from 'react';
import { useGameStore } from '../store';

export const Controls = forwardRef<HTMLDivElement>((_props, ref) => {
  const { paused, togglePause, rotate, addPoints } = useGameStore();
  const [presses, setPresses] = useState(0);
  const press = (action: () => void) => () => {
    setPresses((count) => count + 1);
    action();
  };
  return (
    <div ref={ref} id="controls">
      <button type="button" id="pause" onClick={press(togglePause)}>
        {paused ? 'Resume' : 'Pause'}
      </button>
      <button type="button" id="rotate" onClick={press(rotate)}>
        Rotate
      </button>
      <button type="button" id="bonus" onClick={press(() => addPoints(10))}>
        Bonus
      </button>
      <span id="presses">{presses}</span>
    </div>
  );
});
