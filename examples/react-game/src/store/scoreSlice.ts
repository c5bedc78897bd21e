import type { StateCreator } from 'zustand';
import { levelFor, pointsForLines } from '../services/scoring';
import { bus } from '../services/events';
import type { GameStore } from '.';

export interface ScoreSlice {
  points: number;
  level: number;
  addPoints: (amount: number) => void;
  clearLines: (lines: number) => void;
}

export const createScoreSlice: StateCreator<GameStore, [], [], ScoreSlice> = (set) => ({
  points: 0,
  level: 1,
  addPoints: (amount) => set((state) => ({ points: state.points + amount, level: levelFor(state.points + amount) })),
  clearLines: (lines) => {
    set((state) => ({ points: state.points + pointsForLines(lines), level: levelFor(state.points + pointsForLines(lines)) }));
    bus.emit('lines', lines);
  },
});
