export function existing() {
  return 'existing';
}
export const registry = {};
