import type { StateCreator } from 'zustand';
import type { MonitorStore } from '.';

export interface IncidentsSlice {
  incidents: number;
  reportIncident: () => void;
}

export const createIncidentsSlice: StateCreator<MonitorStore, [], [], IncidentsSlice> = (set) => ({
  incidents: 0,
  reportIncident: () => set((state) => ({ incidents: state.incidents + 1 })),
});
