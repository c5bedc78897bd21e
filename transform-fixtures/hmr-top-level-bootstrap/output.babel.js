import { hot as _mp_hot, hotGate as _mp_hotGate } from "@mighty-patcher/hmr";
var _mp_hotCommit = _mp_hot(import.meta.hot || import.meta.webpackHot || import.meta.turbopackHot, !!import.meta.hot, "input.js", import.meta.hot && {
  shape: "fff9388a",
  content: "324b32d2",
  bodies: {
    "view.item": "c0740f76",
    "view.empty": "67960066",
    "document.querySelector(\"#add\").addEventListener(\"click\")": "b3eeb283",
    "renderItem": "49752cfd",
    "bootstrap": "30b6ffdb"
  },
  evaluate: _mp_code2 => eval(_mp_code2)
});
if (import.meta.hot) import.meta.hot.accept();
var _mp_hotTop = _mp_hotGate(_mp_hotCommit);
var _mp_s_fclkkdhj = _mp_cell("view.item"),
  _mp_s_abfojpah = _mp_cell("view.empty"),
  _mp_s_apnmkpdo = _mp_cell("document.querySelector(\"#add\").addEventListener(\"click\")"),
  _mp_s_damjgigo = _mp_cell("renderItem"),
  _mp_s_bfmbganj = _mp_cell("bootstrap");
_mp_scope(_mp_code => eval(_mp_code));
_mp_def(renderItem, _mp_s_damjgigo);
_mp_def(bootstrap, _mp_s_bfmbganj);
// A top-level module whose top level calls its own functions while it loads (bootstrap(), a forEach callback):
// its glue notes them, and an edit of one runs the top level again (docs/protocol.md §6). Each function's body
// hash goes with its registry name; a declaration after the statements and object-literal methods keep order.
const list = _mp_hotTop(() => document.querySelector('#list'), "list");
const view = _mp_hotTop(() => _mp_members({
  item(text) {
    if (_mp_s_fclkkdhj.v) return _mp_s_fclkkdhj.impl.apply(this, arguments);
    return `<li>${text}</li>`;
  },
  empty: (..._mp_r) => {
    if (_mp_s_abfojpah.v) return _mp_s_abfojpah.impl(..._mp_r);
    return '<li>none</li>';
  }
}, _mp_s_fclkkdhj, "item", "value", _mp_s_abfojpah, "empty", "value"), "view");
_mp_hotTop(() => {
  bootstrap();
});
_mp_hotTop(() => {
  ['a', 'b'].forEach(renderItem);
});
_mp_hotTop(() => {
  document.querySelector('#add').addEventListener('click', _mp_def((..._mp_r) => {
    if (_mp_s_apnmkpdo.v) return _mp_s_apnmkpdo.impl(..._mp_r);
    return renderItem('new');
  }, _mp_s_apnmkpdo));
});
function renderItem(text) {
  if (_mp_s_damjgigo.v) return _mp_s_damjgigo.impl.apply(this, arguments);
  list.insertAdjacentHTML('beforeend', view.item(text));
}
function bootstrap() {
  if (_mp_s_bfmbganj.v) return _mp_s_bfmbganj.impl.apply(this, arguments);
  list.innerHTML = view.empty();
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
