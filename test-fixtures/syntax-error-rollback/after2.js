export function greet() {
  return 'hello';
}
