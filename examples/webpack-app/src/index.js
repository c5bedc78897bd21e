// Runs once. The click handler is registered once and never looked up again: after an edit of
// greet.js the same function object (a proxy) runs the new code, and the page does not reload.
import { handleClick } from './greet.js';

document.querySelector('#greet').addEventListener('click', handleClick);
window.loadedAt = Date.now();
