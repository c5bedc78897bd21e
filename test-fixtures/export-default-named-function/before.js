export default function handle(request) {
  return `v1 ${request}`;
}
