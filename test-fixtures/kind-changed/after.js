export async function fetchUser(id) {
  return { id };
}
