var _mp_s_kpimnjil_pfdham = _mp_cell_pfdham("usesTheObject"),
  _mp_s_kcalmfhe_pfdham = _mp_cell_pfdham("outer"),
  _mp_s_jhbdnlki_pfdham = _mp_cell_pfdham("viaArrow");
_mp_scope_pfdham(_mp_code_pfdham => eval(_mp_code_pfdham));
_mp_def_pfdham(usesTheObject, _mp_s_kpimnjil_pfdham);
_mp_def_pfdham(outer, _mp_s_kcalmfhe_pfdham);
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
  if (_mp_s_kpimnjil_pfdham.v) return _mp_s_kpimnjil_pfdham.impl.apply(this, arguments);
  return arguments.length;
}
function outer() {
  if (_mp_s_kcalmfhe_pfdham.v) return _mp_s_kcalmfhe_pfdham.impl.apply(this, arguments);
  function inner(arguments) {
    return arguments;
  }
  return inner(arguments[0]);
}
var viaArrow = (arguments, ..._mp_r_pfdham) => {
  if (_mp_s_jhbdnlki_pfdham.v) return _mp_s_jhbdnlki_pfdham.impl(arguments, ..._mp_r_pfdham);
  return arguments;
};
_mp_def_pfdham(viaArrow, _mp_s_jhbdnlki_pfdham);
function _mp_registry_pfdham() {
  var key = globalThis.Symbol.for("mighty-patcher.registry");
  return globalThis[key] || (globalThis[key] = {
    protocol: 2,
    slots: new globalThis.Map(),
    cell: function (moduleId, name, holder) {
      var key = moduleId + "#" + name,
        slot = this.slots.get(key);
      if (!slot) this.slots.set(key, slot = {
        key: key,
        fn: undefined,
        cells: [],
        version: 0
      });
      var cell = holder || {
        slot: slot,
        home: undefined,
        fn: undefined
      };
      cell.slot = slot;
      slot.cells.push(cell);
      return cell;
    },
    define: function (cell, fn) {
      var slot = cell.slot;
      cell.fn = fn;
      if (slot.fn !== undefined) {
        slot.version++;
        slot.cells.forEach(function (other) {
          if (other !== cell) {
            other.v = slot.version;
            other.impl = fn;
          }
        });
      }
      slot.fn = fn;
      return fn;
    }
  });
}
function _mp_cell_pfdham(name, holder) {
  return _mp_registry_pfdham().cell("input.js", name, holder);
}
function _mp_def_pfdham(fn, cell) {
  return _mp_registry_pfdham().define(cell, fn);
}
function _mp_scope_pfdham(evaluate) {
  var registry = globalThis[globalThis.Symbol.for("mighty-patcher.registry")];
  if (registry && registry.scope) registry.scope("input.js", evaluate);
}
