import { hot as _mp_hot, hotGate as _mp_hotGate } from "@mighty-patcher/hmr";
var _mp_hotCommit = _mp_hot(import.meta.hot || import.meta.webpackHot || import.meta.turbopackHot, !!import.meta.hot, "input.js", import.meta.hot && {
  shape: "c9fdf883",
  content: "8417a9df",
  bodies: {
    "format": "3b1892c3",
    "setInterval()": "e4ac8043",
    "bus.on(\"message\")": "8b409969"
  },
  evaluate: _mp_code2 => eval(_mp_code2)
});
if (import.meta.hot) import.meta.hot.accept();
var _mp_hotTop = _mp_hotGate(_mp_hotCommit);
const _mp_s_ljjniffc = _mp_cell("format"),
  _mp_s_faejeepn = _mp_cell("setInterval()"),
  _mp_s_kddakmpm = _mp_cell("bus.on(\"message\")");
_mp_scope(_mp_code => eval(_mp_code));
// A top-level module without exports: inline callbacks in calls (a timer, an event bus), a declarator whose
// initialiser runs code (gated with the text that reads its binding: an instance that skips its top level binds
// the running instance's value) and one that is a function (not gated: the function is defined in every instance).
import { bus } from './bus';
const log = _mp_hotTop(() => [], "log");
const started = _mp_hotTop(() => Date.now(), "started");
const format = (entry, ..._mp_r) => {
  if (_mp_s_ljjniffc.v) return _mp_s_ljjniffc.impl(entry, ..._mp_r);
  return `${entry.at - started}ms ${entry.text}`;
};
_mp_def(format, _mp_s_ljjniffc);
_mp_hotTop(() => {
  setInterval(_mp_def((..._mp_r) => {
    if (_mp_s_faejeepn.v) return _mp_s_faejeepn.impl(..._mp_r);
    log.push({
      at: Date.now(),
      text: 'tick'
    });
  }, _mp_s_faejeepn), 1000);
});
_mp_hotTop(() => {
  bus.on('message', _mp_def((_mp_p, ..._mp_r) => {
    if (_mp_s_kddakmpm.v) return _mp_s_kddakmpm.impl(_mp_p, ..._mp_r);
    let {
      text
    } = _mp_p;
    log.push({
      at: Date.now(),
      text
    });
    document.querySelector('#log').textContent = log.map(format).join('\n');
  }, _mp_s_kddakmpm));
});
_mp_hotTop(() => {
  if (import.meta.env?.DEV) console.log('ready');
});
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
