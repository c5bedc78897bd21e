export function a() {
  return 'a';
}
export function b() {
  return 'b!';
}
export class C {
  m() {
    return 'm';
  }
}
