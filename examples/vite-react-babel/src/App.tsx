import { useState } from 'react';
import { greeting } from './greet';

export function App() {
  const [name, setName] = useState('');
  const [message, setMessage] = useState('');
  return (
    <main>
      <h1>Mighty Patcher</h1>
      <p>
        Edit <code>src/greet.ts</code> while the app runs: the next click runs the new code, and what you
        typed stays. Edits of this component go through React Fast Refresh.
      </p>
      <label>
        Name <input id="name" autoComplete="off" value={name} onChange={(event) => setName(event.target.value)} />
      </label>
      <button type="button" id="greet" onClick={() => setMessage(greeting(name))}>
        Greet
      </button>
      <output id="out">{message}</output>
    </main>
  );
}
