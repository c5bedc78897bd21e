// Plain functions the store calls.
export function pointsForLines(lines: number): number {
  return lines * 100;
}

export const levelFor = (points: number): number => 1 + Math.floor(points / 1000);
