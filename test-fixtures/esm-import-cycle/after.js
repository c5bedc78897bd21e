import { early } from './cycle.mjs';
export function hello() {
  return 'hello v2';
}
export { early };
