import { hot as _mp_hot } from "@mighty-patcher/hmr";
var _mp_hotCommit = _mp_hot(import.meta.hot || import.meta.webpackHot || import.meta.turbopackHot, false, "input.js");
const _mp_s_hholacdf = _mp_cell("Score"),
  _mp_s_mbipbdml = _mp_cell("Board"),
  _mp_s_pgpccgdh = _mp_cell("Controls"),
  _mp_s_nndoaiig = _mp_cell("Framed");
function _mp_s_djciidic() {}
_mp_cell("useTicker", _mp_s_djciidic);
const _mp_s_jddlflno = _mp_cell("default");
_mp_scope(_mp_code => eval(_mp_code));
_mp_def(useTicker, _mp_s_djciidic);
// Component shapes React Refresh registers: the function stays the first argument of every call it is
// wrapped in (memo, forwardRef, a higher-order component), so Refresh's transform finds it after ours.
import { createElement as h, forwardRef, memo, useState } from 'react';
import { withFrame } from './frame';
export const Score = (_mp_p, ..._mp_r) => {
  if (_mp_s_hholacdf.v) return _mp_s_hholacdf.impl(_mp_p, ..._mp_r);
  let {
    points
  } = _mp_p;
  const [shown] = useState(points);
  return h('b', null, shown);
};
_mp_def(Score, _mp_s_hholacdf);
export const Board = memo(_mp_def((..._mp_r) => {
  if (_mp_s_mbipbdml.v) return _mp_s_mbipbdml.impl(..._mp_r);
  return h('section', null, 'board');
}, _mp_s_mbipbdml));
export const Controls = forwardRef(_mp_def((props, ref, ..._mp_r) => {
  if (_mp_s_pgpccgdh.v) return _mp_s_pgpccgdh.impl(props, ref, ..._mp_r);
  return h('div', {
    ref
  }, props.children);
}, _mp_s_pgpccgdh));
export const Framed = withFrame(_mp_def(function Panel() {
  if (_mp_s_nndoaiig.v) return _mp_s_nndoaiig.impl.apply(this, arguments);
  return h('div');
}, _mp_s_nndoaiig));
export function useTicker(delay) {
  if (_mp_s_djciidic.v) return _mp_s_djciidic.impl.apply(this, arguments);
  const [ticks, setTicks] = useState(0);
  return [ticks, () => setTicks(ticks + delay)];
}
export default memo(_mp_def(function App() {
  if (_mp_s_jddlflno.v) return _mp_s_jddlflno.impl.apply(this, arguments);
  return h(Board);
}, _mp_s_jddlflno));
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
