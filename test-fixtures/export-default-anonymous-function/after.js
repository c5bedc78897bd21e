export default function (request) {
  return `v2 ${request}`;
}
