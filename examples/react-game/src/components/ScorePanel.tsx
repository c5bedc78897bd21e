import type { FC } from 'react';
import { useGameStore } from '../store';
import styles from './ScorePanel.module.css';

export const ScorePanel: FC = () => {
  const points = useGameStore((state) => state.points);
  const ticks = useGameStore((state) => state.ticks);
  const level = useGameStore((state) => state.level);
  return (
    <section className={styles.panel} id="score">
      <span id="points-label">Score</span> <b id="points">{points}</b> · level <b id="level">{level}</b> · ticks{' '}
      <b id="ticks">{ticks}</b>
    </section>
  );
};
