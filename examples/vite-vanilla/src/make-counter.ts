// A factory: each call makes a counter with its own count, kept in the closure it returns.
export function makeCounter(step: number): () => number {
  let count = 0;
  return () => {
    count += step;
    return count;
  };
}
