import type { FC } from 'react';
import { useState } from 'react';
import { Board, Controls, Header, ScorePanel, withFrame } from './components';
import { useInterval } from './hooks/useInterval';
import { useGameStore } from './store';
import styles from './App.module.css';

const FramedScore = withFrame(ScorePanel);

export const App: FC = () => {
  const paused = useGameStore((state) => state.paused);
  const tick = useGameStore((state) => state.tick);
  const [note, setNote] = useState('');

  // The callback of the first render is the one the interval keeps calling (see useInterval).
  useInterval(() => tick(), paused ? null : 200);

  return (
    <main className={styles.app}>
      <Header />
      <FramedScore />
      <Board />
      <Controls />
      <p id="log" />
      <label>
        Note <input id="note" autoComplete="off" value={note} onChange={(event) => setNote(event.target.value)} />
      </label>
    </main>
  );
};
