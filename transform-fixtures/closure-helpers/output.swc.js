const _mp_s_ecdlecom = _mp_cell("parse"), _mp_s_gdcmgecp = _mp_cell("escapes"), _mp_s_jjleblba = _mp_cell("escapes/passed"), _mp_s_kjmocnfk = _mp_cell("escapes/byClosure"), _mp_s_hnfdglml = _mp_cell("escapes/nested"), _mp_s_dgkbeclm = _mp_cell("escapes/twice"), _mp_s_ibhiljdm = _mp_cell("escapes/twice~2"), _mp_s_fokpelfp = _mp_cell("escapes/byField"), _mp_s_djgkfpim = _mp_cell("escapes/optional"), _mp_s_mnogendf = _mp_cell("escapes/Made"), _mp_s_lbcoalgk = _mp_cell("escapes/later"), _mp_s_balmfgai = _mp_cell("escapes/maker"), _mp_s_gafmkhfp = _mp_cell("escapes/maker/return"), _mp_s_ilgjbadn = _mp_cell("escapes/aliased"), _mp_s_imjklnmc = _mp_cell("escapes/step"), _mp_s_oamhemcn = _mp_cell("escapes/poll"), _mp_s_nmfbkdmn = _mp_cell("escapes/return[1]"), _mp_s_ogahfjoj = _mp_cell("load"), _mp_s_eikomele = _mp_cell("load/decode");
_mp_scope((_mp_code)=>eval(_mp_code));
_mp_def(parse, _mp_s_ecdlecom);
_mp_def(escapes, _mp_s_gdcmgecp);
_mp_def(load, _mp_s_ogahfjoj);
// Helpers their activation only calls (docs/protocol.md §3.6) are no closure sites: no guard, no evaluator. A
// helper is the one value of a name that is only ever called, by its function or by helpers of it, and makes
// only helpers; anything else that may outlive the call that made it stays a closure site.
export function parse(text) {
    if (_mp_s_ecdlecom.v) return _mp_s_ecdlecom.impl.apply(this, arguments);
    // Helpers: a declaration calling itself, a variable's function, an arrow, one assigned once to a `var` (in a
    // statement, in a sequence, called at once), one calling another, one that makes a helper of its own.
    function digit(c) {
        return c >= '0' && c <= '9' ? 1 + (c === '0' ? 0 : digit('0')) : 0;
    }
    var skip = function(at) {
        return text[at] === ' ' ? skip(at + 1) : at;
    };
    const next = (at)=>skip(at) + 1;
    var loop;
    loop = function(at) {
        return at < text.length && digit(text[at]) ? loop(next(at)) : at;
    };
    function outer(at) {
        function inner(k) {
            return k + 1;
        }
        return inner(at);
    }
    var first, once;
    return first = function(at) {
        return at;
    }, (once = function(at) {
        return at + 1;
    })(loop(first(outer(0))));
}
export function escapes(list) {
    if (_mp_s_gdcmgecp.v) return _mp_s_gdcmgecp.impl.apply(this, arguments);
    // Closure sites: passed as a value, called by a closure that outlives the call, in a nested block (a sloppy
    // function's name is bound in the function's scope too), assigned twice, read by a class field, called as
    // `h?.()` or with `new`, async, making a closure that it returns, assigned where another name gets it too, a
    // function expression with a name of its own (a second name), or one reading `arguments.callee`.
    function passed(x) {
        if (_mp_s_jjleblba.v) return _mp_s_jjleblba.impl(_mp_e, this, arguments);
        return x;
    }
    const _mp_e = (_mp_c)=>eval(_mp_c);
    function byClosure(x) {
        if (_mp_s_kjmocnfk.v) return _mp_s_kjmocnfk.impl(_mp_e, this, arguments);
        return x + 1;
    }
    if (list) {
        function nested(x) {
            if (_mp_s_hnfdglml.v) return _mp_s_hnfdglml.impl(_mp_e2, this, arguments);
            return x;
        }
        const _mp_e2 = (_mp_c2)=>eval(_mp_c2);
        nested(1);
    }
    var twice = function(x) {
        if (_mp_s_dgkbeclm.v) return _mp_s_dgkbeclm.impl(_mp_e, this, arguments);
        return x;
    };
    twice = function(x) {
        if (_mp_s_ibhiljdm.v) return _mp_s_ibhiljdm.impl(_mp_e, this, arguments);
        return x + 2;
    };
    const byField = (..._mp_r)=>{
        if (_mp_s_fokpelfp.v) return _mp_s_fokpelfp.impl(_mp_e, this, [
            ..._mp_r
        ]);
        return 3;
    };
    const optional = (..._mp_r)=>{
        if (_mp_s_djgkfpim.v) return _mp_s_djgkfpim.impl(_mp_e, this, [
            ..._mp_r
        ]);
        return 4;
    };
    function Made() {
        if (_mp_s_mnogendf.v) return _mp_s_mnogendf.impl(_mp_e, this, arguments);
        this.value = 5;
    }
    async function later() {
        if (_mp_s_lbcoalgk.v) return _mp_s_lbcoalgk.impl(_mp_e, this, arguments);
        return 6;
    }
    function maker() {
        if (_mp_s_balmfgai.v) return _mp_s_balmfgai.impl(_mp_e, this, arguments);
        const _mp_e3 = (_mp_c3)=>eval(_mp_c3);
        return (..._mp_r)=>{
            if (_mp_s_gafmkhfp.v) return _mp_s_gafmkhfp.impl(_mp_e3, this, [
                ..._mp_r
            ]);
            return 7;
        };
    }
    class Holder {
        value = byField();
    }
    var alias, aliased;
    alias = aliased = function() {
        if (_mp_s_ilgjbadn.v) return _mp_s_ilgjbadn.impl(_mp_e, this, arguments);
        return 8;
    };
    aliased();
    const step = function step() {
        if (_mp_s_imjklnmc.v) return _mp_s_imjklnmc.impl(_mp_e, this, arguments);
        return step;
    };
    function poll() {
        if (_mp_s_oamhemcn.v) return _mp_s_oamhemcn.impl(_mp_e, this, arguments);
        return arguments.callee;
    }
    step();
    poll();
    optional?.();
    new Made();
    later();
    twice(0);
    return [
        list.map(passed),
        (..._mp_r)=>{
            if (_mp_s_nmfbkdmn.v) return _mp_s_nmfbkdmn.impl(_mp_e, this, [
                ..._mp_r
            ]);
            return byClosure(1);
        },
        Holder,
        maker()
    ];
}
export async function load(read) {
    if (_mp_s_ogahfjoj.v) return _mp_s_ogahfjoj.impl.apply(this, arguments);
    // In an async function (or a generator), whose activation outlives a save, a helper is a closure site.
    function decode(text) {
        if (_mp_s_eikomele.v) return _mp_s_eikomele.impl(_mp_e4, this, arguments);
        return JSON.parse(text);
    }
    const _mp_e4 = (_mp_c4)=>eval(_mp_c4);
    return decode(await read());
}
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
