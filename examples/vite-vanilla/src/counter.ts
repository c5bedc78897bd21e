// Imported by main.ts for what its top level does: it registers its click listener, an inline callback,
// once when the page loads, around a counter made by a factory at load.
import { makeCounter } from './make-counter';

export function formatCount(count: number): string {
  return `Clicked ${count} times`;
}

const next = makeCounter(1);
const output = document.querySelector<HTMLOutputElement>('#count-out')!;

document.querySelector<HTMLButtonElement>('#count')!.addEventListener('click', () => {
  output.textContent = formatCount(next());
});
