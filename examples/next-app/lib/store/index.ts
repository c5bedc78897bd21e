import { create } from 'zustand';
import { createChecksSlice, type ChecksSlice } from './checks-slice';
import { createIncidentsSlice, type IncidentsSlice } from './incidents-slice';

export type MonitorStore = ChecksSlice & IncidentsSlice;

// Made once from its slices; its actions are the closures the slice creators return.
export const useMonitorStore = create<MonitorStore>()((...args) => ({
  ...createChecksSlice(...args),
  ...createIncidentsSlice(...args),
}));
