// A plain module: every export is a function, so with the plugin it accepts its own HMR updates.
// App.tsx keeps the `greeting` it imported (a stable proxy), which runs the edited code.
export function greeting(name: string): string {
  return `Hello, ${name}!`;
}
