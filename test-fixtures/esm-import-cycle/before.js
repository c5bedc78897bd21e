import { early } from './cycle.mjs';
export function hello() {
  return 'hello v1';
}
export { early };
