// The barrel the app imports its components from.
export { Board } from './Board';
export { Controls } from './Controls';
export { default as Header } from './Header';
export { ScorePanel } from './ScorePanel';
export { withFrame } from './withFrame';
