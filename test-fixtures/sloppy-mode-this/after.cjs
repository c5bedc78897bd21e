function whoAmI() {
  return this === globalThis ? 'global v2' : typeof this;
}
function strictWhoAmI() {
  'use strict';
  return this === undefined ? 'undefined v2' : typeof this;
}
module.exports = { whoAmI, strictWhoAmI };
