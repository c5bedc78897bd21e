// The monitoring service: plain functions, called from the interval's callback and from the store.
export type Status = 'operational' | 'degraded';

/** A latency sample for the nth check (a real app would ping an endpoint). */
export function sampleLatency(check: number): number {
  return 40 + ((check * 37) % 160);
}

export function classify(ms: number): Status {
  return ms > 180 ? 'degraded' : 'operational';
}
