import { ticked } from '../features/timer/timerSlice';
import type { AppStore } from './store';

// Called once by main.tsx: the interval keeps this callback for the life of the page.
export function startClock(store: AppStore, every = 100): () => void {
  const id = setInterval(() => store.dispatch(ticked()), every);
  return () => clearInterval(id);
}
