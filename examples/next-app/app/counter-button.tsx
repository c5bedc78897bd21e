'use client';

import { useState } from 'react';
import { increment, label } from '../lib/counter';

export function CounterButton() {
  const [count, setCount] = useState(0);
  return (
    <button type="button" id="counter" onClick={() => setCount((current) => increment(current))}>
      {label(count)}
    </button>
  );
}
