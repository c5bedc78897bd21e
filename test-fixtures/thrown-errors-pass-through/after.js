export class ValidationError extends Error {}
export function validate(value) {
  if (typeof value !== 'number') throw new TypeError(`v2: not a number: ${value}`);
  return value;
}
