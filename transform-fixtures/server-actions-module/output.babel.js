"use server";

// A module of server actions (Next.js): every exported function is one, and Next's transform refuses `this` and
// `arguments` in them: the module is left as it is.
export async function ping(formData) {
  return "pong " + formData.get("name");
}
export async function save(id) {
  return id;
}
