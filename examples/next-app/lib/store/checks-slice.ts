import type { StateCreator } from 'zustand';
import { LatencyWindow } from '../latency-window';
import { classify, type Status } from '../uptime';
import type { MonitorStore } from '.';

export interface ChecksSlice {
  checks: number;
  latest: number;
  status: Status;
  paused: boolean;
  latency: LatencyWindow;
  recordCheck: (ms: number) => void;
  togglePaused: () => void;
}

export const createChecksSlice: StateCreator<MonitorStore, [], [], ChecksSlice> = (set, get) => ({
  checks: 0,
  latest: 0,
  status: 'operational',
  paused: false,
  latency: new LatencyWindow(10),
  recordCheck: (ms) => {
    get().latency.push(ms);
    set((state) => ({ checks: state.checks + 1, latest: ms, status: classify(ms) }));
  },
  togglePaused: () => set((state) => ({ paused: !state.paused })),
});
