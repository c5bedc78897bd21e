export function errorHandler(error, request, response, next) {
  return `v1 handled ${error.message}`;
}
