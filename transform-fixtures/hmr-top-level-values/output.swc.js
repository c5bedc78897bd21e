import { hot as _mp_hot, hotGate as _mp_hotGate } from "@mighty-patcher/swc-plugin/hmr";
var _mp_hotCommit = _mp_hot(import.meta.hot || import.meta.webpackHot || import.meta.turbopackHot, !!import.meta.hot, "input.ts", import.meta.hot && {
    shape: "7f70177f",
    content: "ce9475e3",
    bodies: {
        "listSlice.reducers.added": "736c5dca",
        "listSlice.reducers.next": "da252203",
        "selectVisible[0]": "4811a710",
        "selectVisible": "e4c22e17"
    },
    evaluate: (_mp_code2)=>eval(_mp_code2)
});
if (import.meta.hot) import.meta.hot.accept();
var _mp_hotTop = _mp_hotGate(_mp_hotCommit);
const _mp_s_mdeaaiai = _mp_cell("listSlice.reducers.added"), _mp_s_lfmanach = _mp_cell("listSlice.reducers.next"), _mp_s_fcgmebln = _mp_cell("selectVisible[0]"), _mp_s_cojidkcj = _mp_cell("selectVisible");
_mp_scope((_mp_code)=>eval(_mp_code));
// A module that only declares, exporting values next to functions (a Redux Toolkit slice, a selector): under
// Vite a top-level module too. Each declarator whose initialiser is not a function is gated with the text that
// reads its bindings in the running instance (`true` after it when exported), and so is `export default` of a
// member chain: an instance that skips its top level binds the values the page uses (one store).
import { createSelector, createSlice, type PayloadAction } from '@reduxjs/toolkit';
export const pageSize = _mp_hotTop(()=>20, "pageSize", true);
const initialState = _mp_hotTop(()=>({
        items: [] as string[],
        page: 0
    }), "initialState");
export const listSlice = _mp_hotTop(()=>createSlice({
        name: 'list',
        initialState,
        reducers: _mp_members({
            added (state, action: PayloadAction<string>) {
                if (_mp_s_mdeaaiai.v) return _mp_s_mdeaaiai.impl.apply(this, arguments);
                state.items.push(action.payload);
            },
            next: (state, ..._mp_r)=>{
                if (_mp_s_lfmanach.v) return _mp_s_lfmanach.impl(state, ..._mp_r);
                state.page += 1;
            }
        }, _mp_s_mdeaaiai, "added", "value", _mp_s_lfmanach, "next", "value")
    }), "listSlice", true);
export const { added, next: nextPage } = _mp_hotTop(()=>listSlice.actions, "({ added: added, next: nextPage })", true);
const [firstItem] = _mp_hotTop(()=>initialState.items, "[firstItem]", true);
export const selectVisible = _mp_hotTop(()=>createSelector([
        _mp_def((state: {
            list: typeof initialState;
        }, ..._mp_r)=>{
            if (_mp_s_fcgmebln.v) return _mp_s_fcgmebln.impl(state, ..._mp_r);
            return state.list;
        }, _mp_s_fcgmebln)
    ], _mp_def((list, ..._mp_r)=>{
        if (_mp_s_cojidkcj.v) return _mp_s_cojidkcj.impl(list, ..._mp_r);
        return list.items.slice(list.page * pageSize, (list.page + 1) * pageSize);
    }, _mp_s_cojidkcj)), "selectVisible", true);
export { firstItem };
export default _mp_hotTop(()=>listSlice.reducer, "listSlice.reducer", true);
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
    return _mp_registry().cell("input.ts", name, holder);
}
function _mp_def(fn, cell) {
    return _mp_registry().define(cell, fn);
}
function _mp_members(home) {
    for(var i = 1; i < arguments.length; i += 3){
        var cell = arguments[i], part = arguments[i + 2];
        cell.home = home;
        if (part !== "field") _mp_def(globalThis.Object.getOwnPropertyDescriptor(home, arguments[i + 1])[part], cell);
    }
    return home;
}
function _mp_scope(evaluate) {
    var registry = globalThis[globalThis.Symbol.for("mighty-patcher.registry")];
    if (registry && registry.scope) registry.scope("input.ts", evaluate);
}
if (_mp_hotCommit) _mp_hotCommit();
