'use strict';
function total(items) {
  return items.reduce(function (sum, item) {
    return sum + item * 2;
  }, 0);
}
const average = (items) => Math.round(total(items) / items.length);
module.exports = { total, average };
