// setInterval and process.on as a test can drive them: the callbacks are stored once, at load.
export const timers = [];
export const listeners = new Map();
export const every = (callback, ms) => timers.push({ callback, ms });
export const on = (event, listener) => listeners.set(event, listener);
