export async function load(id) {
  return `v1:${id}`;
}
