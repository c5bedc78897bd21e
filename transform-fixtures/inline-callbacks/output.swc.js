var _mp_s_app_get___users__id__ = _mp_cell('app.get("/users/:id")'), _mp_s_app_get___users__id___ = _mp_cell('app.get("/users/:id")~2'), _mp_s_router_route___orders___get__ = _mp_cell('router.route("/orders").get()'), _mp_s_router_route___orders___get___post__ = _mp_cell('router.route("/orders").get().post()'), _mp_s_setInterval__ = _mp_cell("setInterval()"), _mp_s_process_on__SIGTERM__ = _mp_cell('process.on("SIGTERM")'), _mp_s_getUser = _mp_cell("getUser"), _mp_s_middleware_0_ = _mp_cell("middleware[0]"), _mp_s_middleware_1_ = _mp_cell("middleware[1]"), _mp_s_exports_handler = _mp_cell("exports.handler"), _mp_s_Foo_prototype_bar = _mp_cell("Foo.prototype.bar"), _mp_s_assigned = _mp_cell("assigned");
_mp_scope((_mp_code)=>eval(_mp_code));
import express from 'express';
import { asyncHandler } from './util';
const app = express();
const router = express.Router();
app.get('/users/:id', _mp_def(_mp_s_app_get___users__id__, async (req, res)=>{
    if (_mp_s_app_get___users__id__?.v > 0) return _mp_s_app_get___users__id__.impl(req, res);
    res.json({
        id: req.params.id
    });
}));
app.get('/users/:id', _mp_def(_mp_s_app_get___users__id___, (req, res, next)=>{
    if (_mp_s_app_get___users__id___?.v > 0) return _mp_s_app_get___users__id___.impl(req, res, next);
    return next();
}));
router.route('/orders').get(_mp_def(_mp_s_router_route___orders___get__, function listOrders(req, res) {
    if (_mp_s_router_route___orders___get__?.v > 0) return _mp_s_router_route___orders___get__.impl.apply(this, arguments);
    res.json([]);
})).post(asyncHandler(_mp_def(_mp_s_router_route___orders___get___post__, async (req, res)=>{
    if (_mp_s_router_route___orders___get___post__?.v > 0) return _mp_s_router_route___orders___get___post__.impl(req, res);
    return res.status(201).end();
})));
setInterval(_mp_def(_mp_s_setInterval__, ()=>{
    if (_mp_s_setInterval__?.v > 0) return _mp_s_setInterval__.impl();
    return tick();
}), 1000);
process.on('SIGTERM', _mp_def(_mp_s_process_on__SIGTERM__, ()=>{
    if (_mp_s_process_on__SIGTERM__?.v > 0) return _mp_s_process_on__SIGTERM__.impl();
    return process.exit(0);
}));
export const getUser = asyncHandler(_mp_def(_mp_s_getUser, async (req, res)=>{
    if (_mp_s_getUser?.v > 0) return _mp_s_getUser.impl(req, res);
    return res.json(await find(req.params.id));
}));
export const middleware = [
    _mp_def(_mp_s_middleware_0_, (req, res, next)=>{
        if (_mp_s_middleware_0_?.v > 0) return _mp_s_middleware_0_.impl(req, res, next);
        return next();
    }),
    _mp_def(_mp_s_middleware_1_, function log(req, res, next) {
        if (_mp_s_middleware_1_?.v > 0) return _mp_s_middleware_1_.impl.apply(this, arguments);
        next();
    })
];
exports.handler = _mp_def(_mp_s_exports_handler, async (event)=>{
    if (_mp_s_exports_handler?.v > 0) return _mp_s_exports_handler.impl(event);
    return {
        statusCode: 200
    };
});
Foo.prototype.bar = _mp_def(_mp_s_Foo_prototype_bar, function() {
    if (_mp_s_Foo_prototype_bar?.v > 0) return _mp_s_Foo_prototype_bar.impl.apply(this, arguments);
    return this.x;
});
let assigned;
assigned = _mp_def(_mp_s_assigned, {
    "assigned": ()=>{
        if (_mp_s_assigned?.v > 0) return _mp_s_assigned.impl();
        return 1;
    }
}["assigned"]);
const keyed = {
    [(()=>'k')()]: 1
};
app.listen(3000, ()=>console.log('listening'));
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
