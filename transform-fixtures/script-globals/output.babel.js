var _mp_s_macamglk_pfdham = _mp_cell_pfdham("Scheduler"),
  _mp_s_lbjfljpj_pfdham = _mp_cell_pfdham("Scheduler.prototype.schedule"),
  _mp_s_cbndmmcn_pfdham = _mp_cell_pfdham("helper");
_mp_scope_pfdham(_mp_code_pfdham => eval(_mp_code_pfdham));
_mp_def_pfdham(Scheduler, _mp_s_macamglk_pfdham);
function Scheduler() {
  if (_mp_s_macamglk_pfdham.v) return _mp_s_macamglk_pfdham.impl.call(this);
  this.queue = null;
}
Scheduler.prototype.schedule = _mp_def_pfdham(function () {
  if (_mp_s_lbjfljpj_pfdham.v) return _mp_s_lbjfljpj_pfdham.impl.call(this);
  return this.queue;
}, _mp_s_lbjfljpj_pfdham);
var helper = function () {
  if (_mp_s_cbndmmcn_pfdham.v) return _mp_s_cbndmmcn_pfdham.impl.call(this);
  return new Scheduler();
};
_mp_def_pfdham(helper, _mp_s_cbndmmcn_pfdham);
function _mp_registry_pfdham() {
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
function _mp_cell_pfdham(name, holder) {
  return _mp_registry_pfdham().cell("input.js", name, holder);
}
function _mp_def_pfdham(fn, cell) {
  return _mp_registry_pfdham().define(cell, fn);
}
function _mp_scope_pfdham(evaluate) {
  var registry = globalThis[globalThis.Symbol.for("mighty-patcher.registry")];
  if (registry && registry.scope) registry.scope("input.js", evaluate);
}
