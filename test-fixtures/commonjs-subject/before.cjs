'use strict';
function total(items) {
  return items.reduce(function (sum, item) {
    return sum + item;
  }, 0);
}
const average = (items) => total(items) / items.length;
module.exports = { total, average };
exports.version = 1;
