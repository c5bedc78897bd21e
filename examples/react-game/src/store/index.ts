import { create } from 'zustand';
import { createBoardSlice, type BoardSlice } from './boardSlice';
import { createScoreSlice, type ScoreSlice } from './scoreSlice';

export type GameStore = BoardSlice & ScoreSlice;

// The store is made once from its slices; its actions are the closures the slice creators return.
export const useGameStore = create<GameStore>()((...args) => ({
  ...createBoardSlice(...args),
  ...createScoreSlice(...args),
}));
