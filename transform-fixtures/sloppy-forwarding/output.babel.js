var _mp_s_dldjbche_pfdham = _mp_cell_pfdham("add"),
  _mp_s_nneodkki_pfdham = _mp_cell_pfdham("sum"),
  _mp_s_ijekeipk_pfdham = _mp_cell_pfdham("withDefault"),
  _mp_s_cmgknkkj_pfdham = _mp_cell_pfdham("readsThroughEval"),
  _mp_s_lekhnfpd_pfdham = _mp_cell_pfdham("twice"),
  _mp_s_omomlnoh_pfdham = _mp_cell_pfdham("maker"),
  _mp_s_haopghgo_pfdham = _mp_cell_pfdham("maker/return"),
  _mp_s_fdknlnnh_pfdham = _mp_cell_pfdham("arrowReads"),
  _mp_s_fpehoalo_pfdham = _mp_cell_pfdham("arrowReads/return"),
  _mp_s_apbhdcoi_pfdham = _mp_cell_pfdham("strictOne"),
  _mp_s_nmhbhdef_pfdham = _mp_cell_pfdham("api.get"),
  _mp_s_blbcmpcm_pfdham = _mp_cell_pfdham("Box.prototype.open");
_mp_scope_pfdham(_mp_code_pfdham => eval(_mp_code_pfdham));
_mp_def_pfdham(add, _mp_s_dldjbche_pfdham);
_mp_def_pfdham(sum, _mp_s_nneodkki_pfdham);
_mp_def_pfdham(withDefault, _mp_s_ijekeipk_pfdham);
_mp_def_pfdham(readsThroughEval, _mp_s_cmgknkkj_pfdham);
_mp_def_pfdham(twice, _mp_s_lekhnfpd_pfdham);
_mp_def_pfdham(maker, _mp_s_omomlnoh_pfdham);
_mp_def_pfdham(arrowReads, _mp_s_fdknlnnh_pfdham);
_mp_def_pfdham(strictOne, _mp_s_apbhdcoi_pfdham);
// Sloppy code: a guard forwards the values of plain parameters where the function does not read its
// `arguments` (docs/protocol.md §3.3); everything else forwards `arguments`.
function add(a, b) {
  if (_mp_s_dldjbche_pfdham.v) return _mp_s_dldjbche_pfdham.impl.call(this, a, b);
  return a + b;
}
function sum() {
  if (_mp_s_nneodkki_pfdham.v) return _mp_s_nneodkki_pfdham.impl.apply(this, arguments);
  var total = 0;
  for (var i = 0; i < arguments.length; i++) total += arguments[i];
  return total;
}
function withDefault(a, b = 1) {
  if (_mp_s_ijekeipk_pfdham.v) return _mp_s_ijekeipk_pfdham.impl.apply(this, arguments);
  return a + b;
}
function readsThroughEval(a) {
  if (_mp_s_cmgknkkj_pfdham.v) return _mp_s_cmgknkkj_pfdham.impl.apply(this, arguments);
  return eval("a");
}
function twice(a, a) {
  if (_mp_s_lekhnfpd_pfdham.v) return _mp_s_lekhnfpd_pfdham.impl.apply(this, arguments);
  return a;
}
function maker(x) {
  if (_mp_s_omomlnoh_pfdham.v) return _mp_s_omomlnoh_pfdham.impl.call(this, x);
  const _mp_e_pfdham = _mp_c_pfdham => eval(_mp_c_pfdham);
  return function inner(y) {
    if (_mp_s_haopghgo_pfdham.v) return _mp_s_haopghgo_pfdham.impl(_mp_e_pfdham, this, arguments);
    return arguments.length + x + y;
  };
}
function arrowReads(a) {
  if (_mp_s_fdknlnnh_pfdham.v) return _mp_s_fdknlnnh_pfdham.impl.apply(this, arguments);
  const _mp_e_pfdham2 = _mp_c_pfdham2 => eval(_mp_c_pfdham2);
  return (..._mp_r_pfdham) => {
    if (_mp_s_fpehoalo_pfdham.v) return _mp_s_fpehoalo_pfdham.impl(_mp_e_pfdham2, this, [..._mp_r_pfdham]);
    return arguments[0];
  };
}
function strictOne(a) {
  "use strict";

  if (_mp_s_apbhdcoi_pfdham.v) return _mp_s_apbhdcoi_pfdham.impl.apply(this, arguments);
  return a;
}
var api = _mp_members_pfdham({
  get(id, options) {
    if (_mp_s_nmhbhdef_pfdham.v) return _mp_s_nmhbhdef_pfdham.impl.call(this, id, options);
    return [id, options];
  }
}, _mp_s_nmhbhdef_pfdham, "get", "value");
class Box {
  static {
    _mp_members_pfdham(this.prototype, _mp_s_blbcmpcm_pfdham, "open", "value");
  }
  open(lid) {
    if (_mp_s_blbcmpcm_pfdham.v) return _mp_s_blbcmpcm_pfdham.impl.apply(this, arguments);
    return lid;
  }
}
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
function _mp_members_pfdham(home) {
  for (var i = 1; i < arguments.length; i += 3) {
    var cell = arguments[i],
      part = arguments[i + 2];
    cell.home = home;
    if (part !== "field") _mp_def_pfdham(globalThis.Object.getOwnPropertyDescriptor(home, arguments[i + 1])[part], cell);
  }
  return home;
}
function _mp_scope_pfdham(evaluate) {
  var registry = globalThis[globalThis.Symbol.for("mighty-patcher.registry")];
  if (registry && registry.scope) registry.scope("input.js", evaluate);
}
