// Plain module functions: the plugin turns each into a stable proxy whose implementation can be swapped.
export function increment(count: number): number {
  return count + 1;
}

export const label = (count: number): string => `Clicked ${count} ${count === 1 ? 'time' : 'times'}`;
