export default function (request) {
  return `v1 ${request}`;
}
