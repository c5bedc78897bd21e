export function existing() {
  return `existing, with ${added()}`;
}
export function added() {
  return 'added';
}
export const registry = {};
