export async function load(id) {
  await null;
  return `v2:${id}`;
}
