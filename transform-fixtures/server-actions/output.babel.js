import { hot as _mp_hot } from "@mighty-patcher/hmr";
var _mp_hotCommit = _mp_hot(import.meta.hot || import.meta.webpackHot || import.meta.turbopackHot, false, "input.js");
const _mp_s_pgjhbhpn = _mp_cell("label");
_mp_scope(_mp_code => eval(_mp_code));
_mp_def(label, _mp_s_pgjhbhpn);
// A server component's module with its own server actions (Next.js): an action is left as it is, since Next's
// transform refuses `this` and `arguments` in one; the other functions are instrumented.
export async function ping(formData) {
  "use server";

  return "pong " + formData.get("name");
}
export const save = async id => {
  "use server";

  return id;
};
export function label(name) {
  if (_mp_s_pgjhbhpn.v) return _mp_s_pgjhbhpn.impl.apply(this, arguments);
  return "Hello, " + name;
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
function _mp_scope(evaluate) {
  var registry = globalThis[globalThis.Symbol.for("mighty-patcher.registry")];
  if (registry && registry.scope) registry.scope("input.js", evaluate);
}
if (_mp_hotCommit) _mp_hotCommit();
