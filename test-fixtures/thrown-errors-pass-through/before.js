export class ValidationError extends Error {}
export function validate(value) {
  if (typeof value !== 'number') throw new ValidationError(`v1: not a number: ${value}`);
  return value;
}
