// Sloppy code: a guard forwards the values of plain parameters where the function does not read its
// `arguments` (docs/protocol.md §3.3); everything else forwards `arguments`.
function add(a, b) {
  return a + b;
}
function sum() {
  var total = 0;
  for (var i = 0; i < arguments.length; i++) total += arguments[i];
  return total;
}
function withDefault(a, b = 1) {
  return a + b;
}
function readsThroughEval(a) {
  return eval("a");
}
function twice(a, a) {
  return a;
}
function maker(x) {
  return function inner(y) {
    return arguments.length + x + y;
  };
}
function arrowReads(a) {
  return () => arguments[0];
}
function strictOne(a) {
  "use strict";
  return a;
}
var api = {
  get(id, options) {
    return [id, options];
  },
};
class Box {
  open(lid) {
    return lid;
  }
}
