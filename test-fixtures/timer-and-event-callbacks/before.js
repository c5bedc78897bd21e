import { every, on } from './host.mjs';

export let ticks = 0;
every(() => {
  ticks++;
}, 1000);
on('SIGTERM', () => 'closing v1');
on('message', async function onMessage(message) {
  return `got ${message}`;
});
