const _mp_s_hlhabapg = _mp_cell('app.get("/users/:id")'), _mp_s_glohlebo = _mp_cell('app.get("/users/:id")~2'), _mp_s_ojlhbnid = _mp_cell('router.route("/orders").get()'), _mp_s_gcbfhkbo = _mp_cell('router.route("/orders").get().post()'), _mp_s_faejeepn = _mp_cell("setInterval()"), _mp_s_cmeamibl = _mp_cell('process.on("SIGTERM")'), _mp_s_gceiejie = _mp_cell("getUser"), _mp_s_hjkfnfcj = _mp_cell("middleware[0]"), _mp_s_lfkihcde = _mp_cell("middleware[1]"), _mp_s_pbphblhc = _mp_cell("exports.handler"), _mp_s_idhejfpm = _mp_cell("Foo.prototype.bar"), _mp_s_ekoaaeln = _mp_cell("assigned");
_mp_scope((_mp_code)=>eval(_mp_code));
import express from 'express';
import { asyncHandler } from './util';
const app = express();
const router = express.Router();
app.get('/users/:id', _mp_def(async (req, res, ..._mp_r)=>{
    if (_mp_s_hlhabapg.v) return _mp_s_hlhabapg.impl(req, res, ..._mp_r);
    res.json({
        id: req.params.id
    });
}, _mp_s_hlhabapg));
app.get('/users/:id', _mp_def((req, res, next, ..._mp_r)=>{
    if (_mp_s_glohlebo.v) return _mp_s_glohlebo.impl(req, res, next, ..._mp_r);
    return next();
}, _mp_s_glohlebo));
router.route('/orders').get(_mp_def(function listOrders(req, res) {
    if (_mp_s_ojlhbnid.v) return _mp_s_ojlhbnid.impl.apply(this, arguments);
    res.json([]);
}, _mp_s_ojlhbnid)).post(asyncHandler(_mp_def(async (req, res, ..._mp_r)=>{
    if (_mp_s_gcbfhkbo.v) return _mp_s_gcbfhkbo.impl(req, res, ..._mp_r);
    return res.status(201).end();
}, _mp_s_gcbfhkbo)));
setInterval(_mp_def((..._mp_r)=>{
    if (_mp_s_faejeepn.v) return _mp_s_faejeepn.impl(..._mp_r);
    return tick();
}, _mp_s_faejeepn), 1000);
process.on('SIGTERM', _mp_def((..._mp_r)=>{
    if (_mp_s_cmeamibl.v) return _mp_s_cmeamibl.impl(..._mp_r);
    return process.exit(0);
}, _mp_s_cmeamibl));
export const getUser = asyncHandler(_mp_def(async (req, res, ..._mp_r)=>{
    if (_mp_s_gceiejie.v) return _mp_s_gceiejie.impl(req, res, ..._mp_r);
    return res.json(await find(req.params.id));
}, _mp_s_gceiejie));
export const middleware = [
    _mp_def((req, res, next, ..._mp_r)=>{
        if (_mp_s_hjkfnfcj.v) return _mp_s_hjkfnfcj.impl(req, res, next, ..._mp_r);
        return next();
    }, _mp_s_hjkfnfcj),
    _mp_def(function log(req, res, next) {
        if (_mp_s_lfkihcde.v) return _mp_s_lfkihcde.impl.apply(this, arguments);
        next();
    }, _mp_s_lfkihcde)
];
exports.handler = _mp_def(async (event, ..._mp_r)=>{
    if (_mp_s_pbphblhc.v) return _mp_s_pbphblhc.impl(event, ..._mp_r);
    return {
        statusCode: 200
    };
}, _mp_s_pbphblhc);
Foo.prototype.bar = _mp_def(function() {
    if (_mp_s_idhejfpm.v) return _mp_s_idhejfpm.impl.apply(this, arguments);
    return this.x;
}, _mp_s_idhejfpm);
let assigned;
assigned = _mp_def({
    "assigned": (..._mp_r)=>{
        if (_mp_s_ekoaaeln.v) return _mp_s_ekoaaeln.impl(..._mp_r);
        return 1;
    }
}["assigned"], _mp_s_ekoaaeln);
const keyed = {
    [(()=>'k')()]: 1
};
app.listen(3000, ()=>console.log('listening'));
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
