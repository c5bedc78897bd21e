import { every, on } from './host.mjs';

export let ticks = 0;
every(() => {
  ticks += 100;
}, 1000);
on('SIGTERM', () => 'closing v2');
on('message', async function onMessage(message) {
  return `received ${message}`;
});
