// Imported by the subject, and imports it back: it runs before the subject's body,
// so it calls hello() through the cycle before the subject has initialised anything.
import { hello } from './subject.mjs';
export const early = hello();
