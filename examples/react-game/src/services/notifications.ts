// Registered with the bus once, by main.tsx.
export function onLinesCleared(lines: number): void {
  const log = document.getElementById('log');
  if (log) log.textContent = `cleared ${lines} line${lines === 1 ? '' : 's'}`;
}
