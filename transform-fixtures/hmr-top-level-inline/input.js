// A top-level module without exports: inline callbacks in calls (a timer, an event bus), a declarator whose
// initialiser runs code (gated with the text that reads its binding: an instance that skips its top level binds
// the running instance's value) and one that is a function (not gated: the function is defined in every instance).
import { bus } from './bus';

const log = [];
const started = Date.now();
const format = (entry) => `${entry.at - started}ms ${entry.text}`;

setInterval(() => {
  log.push({ at: Date.now(), text: 'tick' });
}, 1000);

bus.on('message', ({ text }) => {
  log.push({ at: Date.now(), text });
  document.querySelector('#log').textContent = log.map(format).join('\n');
});

if (import.meta.env?.DEV) console.log('ready');
