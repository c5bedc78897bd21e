export interface Shape {
  name: string;
  width: number;
  height: number;
}

export const SHAPES: Shape[] = [
  { name: 'I', width: 4, height: 1 },
  { name: 'O', width: 2, height: 2 },
  { name: 'T', width: 3, height: 2 },
];

export function randomShape(seed: number): Shape {
  return SHAPES[seed % SHAPES.length];
}
