export const atLoad = version();
export function version() {
  return 'v2';
}
