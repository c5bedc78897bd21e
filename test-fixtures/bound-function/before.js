export function describe(suffix) {
  return `${this.name} v1${suffix}`;
}
