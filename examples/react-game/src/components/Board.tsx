import { memo } from 'react';
import { stackSummary } from '../services/format';
import { useGameStore } from '../store';

export const Board = memo(() => {
  const piece = useGameStore((state) => state.piece);
  const stack = useGameStore((state) => state.stack);
  // The store mutates the same Piece instance: these make the board re-render when it moves or turns.
  const row = useGameStore((state) => state.piece.row);
  const rotations = useGameStore((state) => state.rotations);
  return (
    <section id="board">
      <p>
        Piece <b id="piece">{piece.label}</b> at row <b id="row">{row}</b>, turned <b id="rotations">{rotations}</b> times
      </p>
      <p>
        Stacked <b id="stack">{stack.length}</b> pieces
      </p>
      <p id="summary">{stackSummary(stack.length)}</p>
    </section>
  );
});
Board.displayName = 'Board';
