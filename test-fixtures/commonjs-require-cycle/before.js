import { early } from './cycle.cjs';
export function hello() {
  // A closure inside a hoisted declaration runs too when the cycle calls hello() first.
  const version = () => 'v1';
  return `hello ${version()}`;
}
// Cannot run before the module's first statement: its cell may be a constant.
export const shout = (text) => `${text.toUpperCase()}!`;
export { early };
