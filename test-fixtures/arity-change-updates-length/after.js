export function middleware(error, request, response, next) {
  return 'now an error handler';
}
