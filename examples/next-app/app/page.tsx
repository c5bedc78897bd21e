import { CounterButton } from './counter-button';

export default function Home() {
  return (
    <main>
      <h1>Mighty Patcher</h1>
      <p>Edit <code>lib/counter.ts</code> while the app runs: the button keeps its count.</p>
      <CounterButton />
    </main>
  );
}
