export function plain(a, b, c = 1, ...rest) {}
export const arrow = (a, { b }, [c] = []) => {};
export async function asyncFn(a) {}
export function* gen(a, b) {}
export class K {
  method(a, b) {}
  static staticMethod(a) {}
}
