export function middleware(request, response, next) {
  return 'middleware';
}
