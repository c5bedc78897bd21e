// The barrel: Piece.ts imports its shapes from here, which makes an import cycle (index -> Piece -> index).
export * from './Piece';
export * from './shapes';
