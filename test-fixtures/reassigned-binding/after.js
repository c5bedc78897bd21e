export let strategy = () => 'default v2';
export function useFast() {
  strategy = () => 'fast';
}
