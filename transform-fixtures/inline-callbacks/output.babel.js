const _mp_s_app_get___users__id__ = _mp_cell("app.get(\"/users/:id\")"),
  _mp_s_app_get___users__id___ = _mp_cell("app.get(\"/users/:id\")~2"),
  _mp_s_router_route___orders___get__ = _mp_cell("router.route(\"/orders\").get()"),
  _mp_s_router_route___orders___get___post__ = _mp_cell("router.route(\"/orders\").get().post()"),
  _mp_s_setInterval__ = _mp_cell("setInterval()"),
  _mp_s_process_on__SIGTERM__ = _mp_cell("process.on(\"SIGTERM\")"),
  _mp_s_getUser = _mp_cell("getUser"),
  _mp_s_middleware_0_ = _mp_cell("middleware[0]"),
  _mp_s_middleware_1_ = _mp_cell("middleware[1]"),
  _mp_s_exports_handler = _mp_cell("exports.handler"),
  _mp_s_Foo_prototype_bar = _mp_cell("Foo.prototype.bar"),
  _mp_s_assigned = _mp_cell("assigned");
_mp_scope(_mp_code => eval(_mp_code));
import express from 'express';
import { asyncHandler } from './util';
const app = express();
const router = express.Router();
app.get('/users/:id', _mp_def(async (req, res) => {
  if (_mp_s_app_get___users__id__?.v > 0) return _mp_s_app_get___users__id__.impl(req, res);
  res.json({
    id: req.params.id
  });
}, _mp_s_app_get___users__id__));
app.get('/users/:id', _mp_def((req, res, next) => {
  if (_mp_s_app_get___users__id___?.v > 0) return _mp_s_app_get___users__id___.impl(req, res, next);
  return next();
}, _mp_s_app_get___users__id___));
router.route('/orders').get(_mp_def(function listOrders(req, res) {
  if (_mp_s_router_route___orders___get__?.v > 0) return _mp_s_router_route___orders___get__.impl.apply(this, arguments);
  res.json([]);
}, _mp_s_router_route___orders___get__)).post(asyncHandler(_mp_def(async (req, res) => {
  if (_mp_s_router_route___orders___get___post__?.v > 0) return _mp_s_router_route___orders___get___post__.impl(req, res);
  return res.status(201).end();
}, _mp_s_router_route___orders___get___post__)));
setInterval(_mp_def(() => {
  if (_mp_s_setInterval__?.v > 0) return _mp_s_setInterval__.impl();
  return tick();
}, _mp_s_setInterval__), 1000);
process.on('SIGTERM', _mp_def(() => {
  if (_mp_s_process_on__SIGTERM__?.v > 0) return _mp_s_process_on__SIGTERM__.impl();
  return process.exit(0);
}, _mp_s_process_on__SIGTERM__));
export const getUser = asyncHandler(_mp_def(async (req, res) => {
  if (_mp_s_getUser?.v > 0) return _mp_s_getUser.impl(req, res);
  return res.json(await find(req.params.id));
}, _mp_s_getUser));
export const middleware = [_mp_def((req, res, next) => {
  if (_mp_s_middleware_0_?.v > 0) return _mp_s_middleware_0_.impl(req, res, next);
  return next();
}, _mp_s_middleware_0_), _mp_def(function log(req, res, next) {
  if (_mp_s_middleware_1_?.v > 0) return _mp_s_middleware_1_.impl.apply(this, arguments);
  next();
}, _mp_s_middleware_1_)];
exports.handler = _mp_def(async event => {
  if (_mp_s_exports_handler?.v > 0) return _mp_s_exports_handler.impl(event);
  return {
    statusCode: 200
  };
}, _mp_s_exports_handler);
Foo.prototype.bar = _mp_def(function () {
  if (_mp_s_Foo_prototype_bar?.v > 0) return _mp_s_Foo_prototype_bar.impl.apply(this, arguments);
  return this.x;
}, _mp_s_Foo_prototype_bar);
let assigned;
assigned = _mp_def({
  "assigned": () => {
    if (_mp_s_assigned?.v > 0) return _mp_s_assigned.impl();
    return 1;
  }
}["assigned"], _mp_s_assigned);
const keyed = {
  [(() => 'k')()]: 1
};
app.listen(3000, () => console.log('listening'));
function _mp_registry() {
  var key = globalThis.Symbol.for("mighty-patcher.registry");
  return globalThis[key] || (globalThis[key] = {
    protocol: 2,
    slots: new globalThis.Map(),
    cell: function (moduleId, name) {
      var key = moduleId + "#" + name,
        slot = this.slots.get(key);
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
function _mp_cell(name) {
  return _mp_registry().cell("input.js", name);
}
function _mp_def(fn, cell) {
  return _mp_registry().define(cell, fn);
}
function _mp_scope(evaluate) {
  var registry = globalThis[globalThis.Symbol.for("mighty-patcher.registry")];
  if (registry && registry.scope) registry.scope("input.js", evaluate);
}
