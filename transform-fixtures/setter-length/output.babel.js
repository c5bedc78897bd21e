import { hot as _mp_hot, hotError as _mp_hotError } from "@mighty-patcher/hmr";
var _mp_hotCommit = _mp_hot(import.meta.hot || import.meta.webpackHot || import.meta.turbopackHot, true, "input.js");
if (import.meta.hot) import.meta.hot.accept();else if (import.meta.webpackHot) import.meta.webpackHot.accept(_mp_hotError("input.js"));else if (import.meta.turbopackHot) import.meta.turbopackHot.accept(_mp_hotError("input.js"));
const _mp_s_fimfcean = _mp_cell("C.prototype.a:set"),
  _mp_s_gamnmdga = _mp_cell("C.prototype.b:set");
_mp_scope(_mp_code => eval(_mp_code));
export class C {
  static {
    _mp_members(this.prototype, _mp_s_fimfcean, "a", "set", _mp_s_gamnmdga, "b", "set");
  }
  set a(v) {
    if (_mp_s_fimfcean.v) return _mp_s_fimfcean.impl.apply(this, arguments);
  }
  set b(v = 1) {
    if (_mp_s_gamnmdga.v) return _mp_s_gamnmdga.impl.apply(this, arguments);
  }
}
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
