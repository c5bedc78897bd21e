let count = 100;
export function increment() {
  count += 10;
  return count;
}
