import { hot as _mp_hot, hotError as _mp_hotError } from "@mighty-patcher/hmr";
var _mp_hotCommit = _mp_hot(import.meta.hot || import.meta.webpackHot || import.meta.turbopackHot, true, "input.js");
if (import.meta.hot) import.meta.hot.accept();else if (import.meta.webpackHot) import.meta.webpackHot.accept(_mp_hotError("input.js"));else if (import.meta.turbopackHot) import.meta.turbopackHot.accept(_mp_hotError("input.js"));
const _mp_s_nlanibmd = _mp_cell("createCounterSlice"),
  _mp_s_idbbbfgb = _mp_cell("createCounterSlice/return.increment"),
  _mp_s_eklmpgil = _mp_cell("createCounterSlice/return.reset");
_mp_scope(_mp_code => eval(_mp_code));
// A store slice: its actions are closures, made once when the store is created. The glue carries the
// closure patcher, so that an edit of an action reaches the store made before it (docs/protocol.md §6).
export const createCounterSlice = (set, get, ..._mp_r) => {
  if (_mp_s_nlanibmd.v) return _mp_s_nlanibmd.impl(set, get, ..._mp_r);
  const _mp_e = _mp_c => eval(_mp_c);
  return {
    count: 0,
    increment: (by, ..._mp_r) => {
      if (_mp_s_idbbbfgb.v) return _mp_s_idbbbfgb.impl(_mp_e, this, [by, ..._mp_r]);
      return set({
        count: get().count + by
      });
    },
    reset() {
      if (_mp_s_eklmpgil.v) return _mp_s_eklmpgil.impl(_mp_e, this, arguments);
      set({
        count: 0
      });
    }
  };
};
_mp_def(createCounterSlice, _mp_s_nlanibmd);
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
