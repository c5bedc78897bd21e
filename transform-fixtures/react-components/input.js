// Component shapes React Refresh registers: the function stays the first argument of every call it is
// wrapped in (memo, forwardRef, a higher-order component), so Refresh's transform finds it after ours.
import { createElement as h, forwardRef, memo, useState } from 'react';
import { withFrame } from './frame';

export const Score = ({ points }) => {
  const [shown] = useState(points);
  return h('b', null, shown);
};

export const Board = memo(() => h('section', null, 'board'));

export const Controls = forwardRef((props, ref) => h('div', { ref }, props.children));

export const Framed = withFrame(function Panel() {
  return h('div');
});

export function useTicker(delay) {
  const [ticks, setTicks] = useState(0);
  return [ticks, () => setTicks(ticks + delay)];
}

export default memo(function App() {
  return h(Board);
});
