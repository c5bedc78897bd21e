import { SHAPES, type Shape } from '.';

export class Piece {
  row = 0;
  turns = 0;

  constructor(public shape: Shape = SHAPES[0]) {}

  get label(): string {
    return `${this.shape.name}${this.turns % 4}`;
  }

  fall(): void {
    this.row += 1;
  }

  rotate(): void {
    this.turns += 1;
  }
}
