import { hot as _mp_hot, hotError as _mp_hotError } from "@mighty-patcher/hmr";
var _mp_hotCommit = _mp_hot(import.meta.hot || import.meta.webpackHot || import.meta.turbopackHot, true, "input.js");
if (import.meta.hot) import.meta.hot.accept();else if (import.meta.webpackHot) import.meta.webpackHot.accept(_mp_hotError("input.js"));else if (import.meta.turbopackHot) import.meta.turbopackHot.accept(_mp_hotError("input.js"));
const _mp_s_cdljcgfp = _mp_cell("C.prototype[Object]"),
  _mp_s_odamchjj = _mp_cell("f"),
  _mp_s_ocamcgag = _mp_cell("g");
_mp_scope(_mp_code => eval(_mp_code));
_mp_def(f, _mp_s_odamchjj);
// The generated code reaches globals through `globalThis`: a module's own `Object` stays as it is, and a
// module's own `globalThis` is renamed.
const Object = 1;
const _globalThis = {
  name: "the module's"
};
class C {
  static {
    _mp_members(this.prototype, _mp_s_cdljcgfp, Object, "value");
  }
  [Object]() {
    if (_mp_s_cdljcgfp.v) return _mp_s_cdljcgfp.impl.apply(this, arguments);
  }
}
export function f() {
  if (_mp_s_odamchjj.v) return _mp_s_odamchjj.impl.apply(this, arguments);
  return Object;
}
export const g = (..._mp_r) => {
  if (_mp_s_ocamcgag.v) return _mp_s_ocamcgag.impl(..._mp_r);
  return _globalThis.name;
};
_mp_def(g, _mp_s_ocamcgag);
function _mp_registry() {
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
function _mp_cell(name, holder) {
  return _mp_registry().cell("input.js", name, holder);
}
function _mp_def(fn, cell) {
  return _mp_registry().define(cell, fn);
}
function _mp_members(home) {
  for (var i = 1; i < arguments.length; i += 3) {
    var cell = arguments[i],
      part = arguments[i + 2];
    cell.home = home;
    if (part !== "field") _mp_def(globalThis.Object.getOwnPropertyDescriptor(home, arguments[i + 1])[part], cell);
  }
  return home;
}
function _mp_scope(evaluate) {
  var registry = globalThis[globalThis.Symbol.for("mighty-patcher.registry")];
  if (registry && registry.scope) registry.scope("input.js", evaluate);
}
if (_mp_hotCommit) _mp_hotCommit();
