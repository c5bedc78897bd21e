// Every export is a function, and the top level registers a listener: a top-level module (docs/protocol.md
// §6). Under Vite it accepts its own update: an edit inside function bodies only skips the new instance's
// top level (its gates) and compiles the changed functions in the kept instance's scope; any other change
// runs the top level again and invalidates the module, so the update goes to the importers.
export function label(count) {
  return `Clicked ${count} times`;
}
let clicks = 0;
document.querySelector('#count').addEventListener('click', (event) => {
  clicks += 1;
  event.currentTarget.textContent = label(clicks);
});
