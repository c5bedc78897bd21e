"use no mighty-patcher";
export function double(x) {
  return x * 2;
}
export const half = (x) => x / 2;
