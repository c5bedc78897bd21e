export function errorHandler(error, request, response, next) {
  return `v2 handled ${error.message}`;
}
