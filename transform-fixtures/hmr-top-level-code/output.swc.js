import { hot as _mp_hot, hotGate as _mp_hotGate } from "@mighty-patcher/swc-plugin/hmr";
var _mp_hotCommit = _mp_hot(import.meta.hot || import.meta.webpackHot || import.meta.turbopackHot, !!import.meta.hot, "input.js", import.meta.hot && {
    shape: "e244323d",
    content: "8f48a757",
    bodies: {
        "label": "8eb1b9fc",
        'document.querySelector("#count").addEventListener("click")': "bb6d7a02"
    },
    evaluate: (_mp_code2)=>eval(_mp_code2)
});
if (import.meta.hot) import.meta.hot.accept();
var _mp_hotTop = _mp_hotGate(_mp_hotCommit);
const _mp_s_pgjhbhpn = _mp_cell("label"), _mp_s_nkknnioo = _mp_cell('document.querySelector("#count").addEventListener("click")');
_mp_scope((_mp_code)=>eval(_mp_code));
_mp_def(label, _mp_s_pgjhbhpn);
// Every export is a function, and the top level registers a listener: a top-level module (docs/protocol.md
// §6). Under Vite it accepts its own update: an edit inside function bodies only skips the new instance's
// top level (its gates) and compiles the changed functions in the kept instance's scope; any other change
// runs the top level again and invalidates the module, so the update goes to the importers.
export function label(count) {
    if (_mp_s_pgjhbhpn.v) return _mp_s_pgjhbhpn.impl.apply(this, arguments);
    return `Clicked ${count} times`;
}
let clicks = _mp_hotTop(()=>0, "clicks");
_mp_hotTop(()=>{
    document.querySelector('#count').addEventListener('click', _mp_def((event, ..._mp_r)=>{
        if (_mp_s_nkknnioo.v) return _mp_s_nkknnioo.impl(event, ..._mp_r);
        clicks += 1;
        event.currentTarget.textContent = label(clicks);
    }, _mp_s_nkknnioo));
});
function _mp_registry() {
    var key = globalThis.Symbol.for("mighty-patcher.registry");
    return globalThis[key] || (globalThis[key] = {
        protocol: 2,
        slots: new globalThis.Map(),
        cell: function(moduleId, name, holder) {
            var key = moduleId + "#" + name, slot = this.slots.get(key);
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
        define: function(cell, fn) {
            var slot = cell.slot;
            cell.fn = fn;
            if (slot.fn !== undefined) {
                slot.version++;
                slot.cells.forEach(function(other) {
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
