const _mp_s_bgggiahp = _mp_cell("simple"), _mp_s_ggiebfbn = _mp_cell("destructured"), _mp_s_kipacpkl = _mp_cell("withDefaults"), _mp_s_dekkggjj = _mp_cell("restOnly"), _mp_s_jgmdcbkp = _mp_cell("concise"), _mp_s_fgjkbagb = _mp_cell("usesThis");
_mp_scope((_mp_code)=>eval(_mp_code));
export const simple = (a, b, ..._mp_r)=>{
    if (_mp_s_bgggiahp.v) return _mp_s_bgggiahp.impl(a, b, ..._mp_r);
    return a + b;
};
_mp_def(simple, _mp_s_bgggiahp);
export const destructured = (_mp_p, _mp_p2 = [], ...rest)=>{
    if (_mp_s_ggiebfbn.v) return _mp_s_ggiebfbn.impl(_mp_p, _mp_p2, ...rest);
    let { id, name } = _mp_p, [first] = _mp_p2;
    return {
        id,
        name,
        first,
        rest
    };
};
_mp_def(destructured, _mp_s_ggiebfbn);
export const withDefaults = (a, b = a * 2, ..._mp_r)=>{
    if (_mp_s_kipacpkl.v) return _mp_s_kipacpkl.impl(a, b, ..._mp_r);
    return a + b;
};
_mp_def(withDefaults, _mp_s_kipacpkl);
export const restOnly = (...args)=>{
    if (_mp_s_dekkggjj.v) return _mp_s_dekkggjj.impl(...args);
    return args.length;
};
_mp_def(restOnly, _mp_s_dekkggjj);
export const readsDestructured = ({ a }, b = a)=>a + b;
export const redeclared = ({ a })=>{
    var a;
    return a;
};
export const concise = async (x, ..._mp_r)=>{
    if (_mp_s_jgmdcbkp.v) return _mp_s_jgmdcbkp.impl(x, ..._mp_r);
    return x;
};
_mp_def(concise, _mp_s_jgmdcbkp);
export const usesThis = (..._mp_r)=>{
    if (_mp_s_fgjkbagb.v) return _mp_s_fgjkbagb.impl(..._mp_r);
    return this;
};
_mp_def(usesThis, _mp_s_fgjkbagb);
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
