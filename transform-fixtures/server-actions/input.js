// A server component's module with its own server actions (Next.js): an action is left as it is, since Next's
// transform refuses `this` and `arguments` in one; the other functions are instrumented.
export async function ping(formData) {
  "use server";
  return "pong " + formData.get("name");
}
export const save = async (id) => {
  "use server";
  return id;
};
export function label(name) {
  return "Hello, " + name;
}
