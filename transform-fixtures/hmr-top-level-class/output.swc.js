var _mp_hotCommit = _mp_hot(import.meta.hot || import.meta.webpackHot || import.meta.turbopackHot, false);
var _mp_s_Ticker_prototype_tick = _mp_cell("Ticker.prototype.tick"), _mp_s_setInterval__ = _mp_cell("setInterval()");
_mp_scope((_mp_code)=>eval(_mp_code));
// The top level runs code and declares a class: not a top-level module (a class's static code and home
// object are not handled by the gates). The module does not accept its own updates; they go to the importers.
class Ticker {
    static{
        _mp_members(this.prototype, _mp_s_Ticker_prototype_tick, "tick", "value");
    }
    tick() {
        if (_mp_s_Ticker_prototype_tick?.v > 0) return _mp_s_Ticker_prototype_tick.impl.apply(this, arguments);
        return Date.now();
    }
}
const ticker = new Ticker();
setInterval(_mp_def(()=>{
    if (_mp_s_setInterval__?.v > 0) return _mp_s_setInterval__.impl();
    return ticker.tick();
}, _mp_s_setInterval__), 1000);
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
    if (registry && registry.scope) registry.scope("input.js", evaluate);
}
function _mp_hot(hot, selfAccepting, patchClosures, scope) {
    if (!hot || hot["mighty-patcher"]) return;
    var data = hot.data, again = !!(data && data["mighty-patcher"]), kept = data && data["mighty-patcher:scope"];
    if (data) data["mighty-patcher"] = true;
    hot.dispose(function(data) {
        data["mighty-patcher"] = true;
    });
    var moduleId = "input.js", prefix = moduleId + "#";
    var load = scope && data && scope.load(scope, again && kept, prefix);
    if (load && !again) {
        data["mighty-patcher:scope"] = scope;
        return load;
    }
    var registry = globalThis[globalThis.Symbol.for("mighty-patcher.registry")];
    if (!again || !registry) return;
    var skip = !!(load && load.skip), skipped = [];
    var before = _mp_hotSnapshot(registry, prefix), transaction, open = true;
    try {
        transaction = registry.beginPatch && !skip ? registry.beginPatch(moduleId) : before;
    } catch (error) {
        return;
    }
    globalThis.Promise.resolve().then(function() {
        if (open) {
            open = false;
            transaction.rollback();
        }
    });
    var commit = function() {
        if (!open) return;
        open = false;
        var console = globalThis.console;
        if (skip) return patchClosures(registry, prefix, [], before, {
            skipped: skipped,
            kept: kept,
            scope: scope,
            hot: hot,
            moduleId: moduleId
        });
        var source = globalThis.Function.prototype.toString, patched = [], react = [], closures = [], reactModule = false;
        registry.slots.forEach(function(slot, key) {
            var was = before.slots.get(slot), name = key.slice(prefix.length);
            var reactNamed = !!slot.fn && !/\W/.test(name) && (/^(?:[A-Z]|use[A-Z])/.test(name) || /^(?:[A-Z]|use[A-Z])/.test(slot.fn.name));
            if (key.slice(0, prefix.length) === prefix && reactNamed) reactModule = true;
            if (key.slice(0, prefix.length) !== prefix || !was || !was.fn || !slot.fn || source.call(was.fn) === source.call(slot.fn)) return;
            if (reactNamed) {
                react.push(name);
                before.cells.forEach(function(old, cell) {
                    if (cell.slot === slot) {
                        cell.v = old.v;
                        cell.impl = old.impl;
                    }
                });
                return;
            }
            patched.push(name);
            registry.slots.forEach(function(inner, innerKey) {
                if (innerKey.slice(0, key.length + 1) === key + "/" && closures.indexOf(name) < 0) closures.push(name);
            });
        });
        var refused = closures;
        if (closures.length && patchClosures) {
            try {
                var result = patchClosures(registry, prefix, closures, before);
                patched = patched.concat(result.patched);
                refused = result.refused;
            } catch (error) {
                refused = closures;
            }
        }
        transaction.commit();
        if (patched.length && !scope) console.info("[mighty-patcher] patched " + moduleId + ": " + patched.join(", ") + " (" + patched.length + (patched.length === 1 ? " function)" : " functions)"));
        if (react.length) console.info("[mighty-patcher] " + moduleId + ": " + react.join(", ") + " left to React Fast Refresh (components and hooks)");
        if (scope) {
            load();
            data["mighty-patcher:scope"] = scope;
            patchClosures(registry, prefix, [], before, {
                kept: kept,
                scope: scope,
                hot: hot,
                moduleId: moduleId,
                ran: load.ran
            });
        } else if (refused.length) {
            var message = "[mighty-patcher] " + moduleId + ": functions that " + refused.join(", ") + " made before this edit (store actions, handlers) keep their old code: it changed outside them";
            if (selfAccepting && typeof hot.invalidate === "function") {
                console.warn(message + "; the update goes on to the modules importing it, as without the plugin");
                hot.invalidate(message);
            } else {
                console.warn(message);
            }
        }
        if (!selfAccepting && !reactModule) console.warn("[mighty-patcher] " + moduleId + " was evaluated again: its module-level values (a store, a cache) are new ones; code holding the previous ones keeps them");
    };
    if (load) {
        commit.top = skip ? function(run) {
            skipped.push(globalThis.Function.prototype.toString.call(run));
        } : load.top;
    }
    return commit;
}
function _mp_hotSnapshot(registry, prefix) {
    var slots = new globalThis.Map(), cells = new globalThis.Map();
    registry.slots.forEach(function(slot, key) {
        if (key.slice(0, prefix.length) !== prefix) return;
        slots.set(slot, {
            fn: slot.fn,
            version: slot.version
        });
        slot.cells.concat(slot.later ? slot.later.map(function(ref) {
            return ref.deref();
        }) : []).forEach(function(cell) {
            if (cell) cells.set(cell, {
                v: cell.v,
                impl: cell.impl
            });
        });
    });
    return {
        slots: slots,
        cells: cells,
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
