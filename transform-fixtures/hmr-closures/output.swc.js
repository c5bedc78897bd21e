var _mp_hotCommit = _mp_hot(typeof module !== "undefined" ? module.hot : undefined);
var _mp_s_makeCounter = _mp_cell("makeCounter"), _mp_s_makeCounter_return = _mp_cell("makeCounter/return");
_mp_scope((_mp_code)=>eval(_mp_code));
_mp_def(_mp_s_makeCounter, makeCounter);
// The closure a call of makeCounter made keeps its old body when the bundler evaluates the module again
// (only the Node runtime compiles a newer body through the evaluator of that call): the module does not
// accept its own updates; they go to the importers.
export function makeCounter(step) {
    if (_mp_s_makeCounter?.v > 0) return _mp_s_makeCounter.impl.apply(this, arguments);
    const _mp_e = (_mp_c)=>eval(_mp_c);
    let count = 0;
    return ()=>{
        if (_mp_s_makeCounter_return?.v > 0) return _mp_s_makeCounter_return.impl(_mp_e, this, []);
        count += step;
        return count;
    };
}
function _mp_registry() {
    var key = globalThis.Symbol.for("mighty-patcher.registry");
    return globalThis[key] || (globalThis[key] = {
        protocol: 2,
        slots: new globalThis.Map(),
        cell: function(moduleId, name) {
            var key = moduleId + "#" + name, slot = this.slots.get(key);
            if (!slot) this.slots.set(key, slot = {
                key: key,
                fn: undefined,
                cells: [],
                version: 0
            });
            var cell = {
                v: 0,
                impl: undefined,
                slot: slot,
                home: undefined,
                fn: undefined
            };
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
function _mp_cell(name) {
    return _mp_registry().cell("input.js", name);
}
function _mp_def(cell, fn) {
    return _mp_registry().define(cell, fn);
}
function _mp_scope(evaluate) {
    var registry = globalThis[globalThis.Symbol.for("mighty-patcher.registry")];
    if (registry && registry.scope) registry.scope("input.js", evaluate);
}
function _mp_hot(hot) {
    if (!hot || hot["mighty-patcher"]) return;
    var data = hot.data, again = !!(data && data["mighty-patcher"]);
    if (data) data["mighty-patcher"] = true;
    hot.dispose(function(data) {
        data["mighty-patcher"] = true;
    });
    var registry = globalThis[globalThis.Symbol.for("mighty-patcher.registry")];
    if (!again || !registry) return;
    var moduleId = "input.js", transaction, open = true;
    try {
        transaction = registry.beginPatch ? registry.beginPatch(moduleId) : _mp_hotSnapshot(registry, moduleId + "#");
    } catch (error) {
        return;
    }
    globalThis.Promise.resolve().then(function() {
        if (open) {
            open = false;
            transaction.rollback();
        }
    });
    return function() {
        if (open) {
            open = false;
            transaction.commit();
        }
    };
}
function _mp_hotSnapshot(registry, prefix) {
    var slots = new globalThis.Map(), cells = new globalThis.Map();
    registry.slots.forEach(function(slot, key) {
        if (key.slice(0, prefix.length) !== prefix) return;
        slots.set(slot, {
            fn: slot.fn,
            version: slot.version
        });
        slot.cells.forEach(function(cell) {
            cells.set(cell, {
                v: cell.v,
                impl: cell.impl
            });
        });
    });
    return {
        commit: function() {},
        rollback: function() {
            registry.slots.forEach(function(slot, key) {
                if (key.slice(0, prefix.length) !== prefix) return;
                var before = slots.get(slot);
                if (!before) {
                    registry.slots.delete(key);
                    return;
                }
                slot.fn = before.fn;
                slot.version = before.version;
                for(var i = slot.cells.length - 1; i >= 0; i--)if (!cells.has(slot.cells[i])) slot.cells.splice(i, 1);
            });
            cells.forEach(function(before, cell) {
                cell.v = before.v;
                cell.impl = before.impl;
            });
        }
    };
}
if (_mp_hotCommit) _mp_hotCommit();
