export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// Ten ticks a second (see app/clock.ts).
export function formatElapsed(ticks: number): string {
  return `${(ticks / 10).toFixed(1)} s`;
}
