// Every export is a function: with the plugin, this module accepts its own HMR updates.
export function greeting(name) {
  return `Hello, ${name}!`;
}

export function handleClick() {
  const input = document.querySelector('#name');
  document.querySelector('#out').textContent = greeting(input.value);
}
