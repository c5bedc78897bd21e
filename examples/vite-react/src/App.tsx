import { useState } from 'react';
import { increment, label } from './counter';

export function App() {
  const [count, setCount] = useState(0);
  return (
    <main>
      <h1>Mighty Patcher</h1>
      <p>Edit <code>src/counter.ts</code> while the app runs: the button keeps its count.</p>
      <button type="button" id="counter" onClick={() => setCount((current) => increment(current))}>
        {label(count)}
      </button>
    </main>
  );
}
