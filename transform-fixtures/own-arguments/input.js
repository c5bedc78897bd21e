// Sloppy code can bind `arguments` itself: a guard forwarding `arguments` would forward that binding, so
// these functions are left alone; the others are instrumented as usual.
function fromParameter(arguments) {
  return arguments;
}
function fromVar(a) {
  if (a) {
    var arguments = [a];
  }
  return arguments.length;
}
function fromDeclaration() {
  function arguments() {}
  return arguments;
}
function usesTheObject() {
  return arguments.length;
}
function outer() {
  function inner(arguments) {
    return arguments;
  }
  return inner(arguments[0]);
}
var viaArrow = (arguments) => arguments;
