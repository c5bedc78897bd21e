export let strategy = () => 'default v1';
export function useFast() {
  strategy = () => 'fast';
}
