// Runs once. The click handler is registered once and never looked up again: after an edit of
// greet.ts the same function object runs the new code, and the page does not reload.
import { handleClick } from './greet';
import './counter';
import './fruits';

document.querySelector<HTMLButtonElement>('#greet')!.addEventListener('click', handleClick);
(window as unknown as { loadedAt: number }).loadedAt = Date.now();
