export function describe(suffix) {
  return `${this.name} v2${suffix}`;
}
