import { create } from './store.mjs';

// A zustand-style store built from slice creators: the actions are closures over set/get.
const createGameSlice = (set, get) => ({
  score: 0,
  addPoints: (points) => set({ score: get().score + points * 2 }),
  reset() {
    set({ score: -1 });
  },
});
export const useStore = create((set, get) => ({ ...createGameSlice(set, get) }));
