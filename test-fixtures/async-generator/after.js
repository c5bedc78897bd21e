export async function* pages(count) {
  for (let page = 1; page <= count; page++) yield `v2 page ${page}`;
}
