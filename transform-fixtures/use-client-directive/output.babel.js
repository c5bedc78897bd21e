'use client';

import { hot as _mp_hot, hotError as _mp_hotError } from "@mighty-patcher/hmr";
var _mp_hotCommit = _mp_hot(import.meta.hot || import.meta.webpackHot || import.meta.turbopackHot, true, "input.js");
if (import.meta.hot) import.meta.hot.accept();else if (import.meta.webpackHot) import.meta.webpackHot.accept(_mp_hotError("input.js"));else if (import.meta.turbopackHot) import.meta.turbopackHot.accept(_mp_hotError("input.js"));
const _mp_s_dibcohdo = _mp_cell("increment");
_mp_scope(_mp_code => eval(_mp_code));
_mp_def(increment, _mp_s_dibcohdo);
export function increment(count) {
  if (_mp_s_dibcohdo.v) return _mp_s_dibcohdo.impl.apply(this, arguments);
  return count + 1;
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
