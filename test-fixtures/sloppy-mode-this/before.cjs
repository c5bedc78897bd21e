function whoAmI() {
  return this === globalThis ? 'global' : typeof this;
}
function strictWhoAmI() {
  'use strict';
  return this === undefined ? 'undefined' : typeof this;
}
module.exports = { whoAmI, strictWhoAmI };
