import type { StateCreator } from 'zustand';
import { Piece, randomShape } from '../models';
import type { GameStore } from '.';

export interface BoardSlice {
  piece: Piece;
  stack: Piece[];
  ticks: number;
  rotations: number;
  paused: boolean;
  tick: () => void;
  rotate: () => void;
  togglePause: () => void;
}

const ROWS = 12;

export const createBoardSlice: StateCreator<GameStore, [], [], BoardSlice> = (set, get) => ({
  piece: new Piece(randomShape(0)),
  stack: [],
  ticks: 0,
  rotations: 0,
  paused: false,
  tick: () => {
    const { piece, stack, ticks } = get();
    piece.fall();
    if (piece.row >= ROWS) {
      set({ piece: new Piece(randomShape(ticks)), stack: [...stack, piece], ticks: ticks + 1 });
      get().clearLines(1);
    } else {
      set({ piece, ticks: ticks + 1 });
    }
  },
  rotate: () => {
    get().piece.rotate();
    // The piece is mutated in place (a class instance): the counter is what makes subscribers re-render.
    set((state) => ({ rotations: state.rotations + 1 }));
  },
  togglePause: () => set((state) => ({ paused: !state.paused })),
});
