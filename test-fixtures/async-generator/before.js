export async function* pages(count) {
  for (let page = 1; page <= count; page++) yield `v1 page ${page}`;
}
