// eastasianwidth ships no types: the one function compile.ts uses.
declare module 'eastasianwidth' {
  /** The East Asian Width property of `character` (one code point): F, W, A, N, Na or H. */
  export function eastAsianWidth(character: string): 'F' | 'W' | 'A' | 'N' | 'Na' | 'H';
}
