export default function handle(request) {
  return `v2 ${request}`;
}
