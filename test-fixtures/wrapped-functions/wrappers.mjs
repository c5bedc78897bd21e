// Wrappers as libraries write them: the wrapped function is captured in a closure the program holds.
export const asyncHandler = (fn) => (req, res, next) => Promise.resolve(fn(req, res, next)).catch(next);
export const memo = (component) => ({ $$typeof: 'memo', type: component });
