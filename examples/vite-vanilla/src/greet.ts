// Every export is a function: with the plugin, this module accepts its own HMR updates.
export function greeting(name: string): string {
  return `Hello, ${name}!`;
}

export function handleClick(): void {
  const input = document.querySelector<HTMLInputElement>('#name')!;
  document.querySelector('#out')!.textContent = greeting(input.value);
}
