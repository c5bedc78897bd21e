import { hot as _mp_hot } from "@mighty-patcher/hmr";
var _mp_hotCommit = _mp_hot(import.meta.hot || import.meta.webpackHot || import.meta.turbopackHot, false, "input.js");
var _mp_s_mhkjhbpo = _mp_cell("Ticker.prototype.tick"),
  _mp_s_faejeepn = _mp_cell("setInterval()");
_mp_scope(_mp_code => eval(_mp_code));
// The top level runs code and declares a class: not a top-level module (a class's static code and home
// object are not handled by the gates). The module does not accept its own updates; they go to the importers.
class Ticker {
  static {
    _mp_members(this.prototype, _mp_s_mhkjhbpo, "tick", "value");
  }
  tick() {
    if (_mp_s_mhkjhbpo.v) return _mp_s_mhkjhbpo.impl.apply(this, arguments);
    return Date.now();
  }
}
const ticker = new Ticker();
setInterval(_mp_def((..._mp_r) => {
  if (_mp_s_faejeepn.v) return _mp_s_faejeepn.impl(..._mp_r);
  return ticker.tick();
}, _mp_s_faejeepn), 1000);
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
