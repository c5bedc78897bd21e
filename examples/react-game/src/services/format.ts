// Plain functions components call while they render.
export function stackSummary(count: number): string {
  return `${count} stacked`;
}
