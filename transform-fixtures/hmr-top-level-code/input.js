// Every export is a function, but the top level registers a listener: evaluated again by a self-accepted
// update it would add a second one. The module does not accept its own updates; they go to the importers.
export function label(count) {
  return `Clicked ${count} times`;
}
let clicks = 0;
document.querySelector('#count').addEventListener('click', (event) => {
  clicks += 1;
  event.currentTarget.textContent = label(clicks);
});
