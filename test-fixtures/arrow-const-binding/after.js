export const greet = (name) => `bonjour ${name}`;
