const _mp_s_lceeknad = _mp_cell("UserController.prototype.getUser"),
  _mp_s_adjpoinh = _mp_cell("UserController.prototype.onClick"),
  _mp_s_nmihkmei = _mp_cell("UserController.prototype.handler"),
  _mp_s_aibgeljn = _mp_cell("UserController.describe"),
  _mp_s_baapcpgl = _mp_cell("UserController.prototype.computed"),
  _mp_s_jnjaoede = _mp_cell("default.prototype.field"),
  _mp_s_olbbfaol = _mp_cell("Logger.prototype.line");
_mp_scope(_mp_code => eval(_mp_code));
export class UserController {
  static {
    _mp_members(this.prototype, _mp_s_lceeknad, "getUser", "field", _mp_s_adjpoinh, "onClick", "field", _mp_s_nmihkmei, "handler", "field", _mp_s_baapcpgl, 'computed', "field");
    _mp_members(this, _mp_s_aibgeljn, "describe", "field");
  }
  static created = 0;
  service = null;
  getUser = async (req, res, ..._mp_r) => {
    if (_mp_s_lceeknad.v) return _mp_s_lceeknad.impl.call(this, req, res, ..._mp_r);
    res.json(await this.service.find(req.params.id));
  };
  onClick = (..._mp_r) => {
    if (_mp_s_adjpoinh.v) return _mp_s_adjpoinh.impl.call(this, ..._mp_r);
    return this.clicks++;
  };
  handler = function (event) {
    if (_mp_s_nmihkmei.v) return _mp_s_nmihkmei.impl.apply(this, arguments);
    return event.type;
  };
  static describe = (..._mp_r) => {
    if (_mp_s_aibgeljn.v) return _mp_s_aibgeljn.impl.call(this, ..._mp_r);
    return `${this.created} controllers`;
  };
  #secret = () => 1;
  debounced = debounce(() => this.save(), 100);
  ['computed'] = (..._mp_r) => {
    if (_mp_s_baapcpgl.v) return _mp_s_baapcpgl.impl.call(this, ..._mp_r);
    return 2;
  };
}
export default class {
  static {
    _mp_members(this.prototype, _mp_s_jnjaoede, "field", "field");
  }
  field = (x, ..._mp_r) => {
    if (_mp_s_jnjaoede.v) return _mp_s_jnjaoede.impl.call(this, x, ..._mp_r);
    return x;
  };
}
const Logger = class Log {
  static {
    _mp_members(this.prototype, _mp_s_olbbfaol, "line", "field");
  }
  line = (text, ..._mp_r) => {
    if (_mp_s_olbbfaol.v) return _mp_s_olbbfaol.impl.call(this, text, ..._mp_r);
    return `${this.prefix} ${text}`;
  };
};
function _mp_registry() {
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
function _mp_cell(name, holder) {
  return _mp_registry().cell("input.js", name, holder);
}
function _mp_def(fn, cell) {
  return _mp_registry().define(cell, fn);
}
function _mp_members(home) {
  for (var i = 1; i < arguments.length; i += 3) {
    var cell = arguments[i],
      part = arguments[i + 2];
    cell.home = home;
    if (part !== "field") _mp_def(globalThis.Object.getOwnPropertyDescriptor(home, arguments[i + 1])[part], cell);
  }
  return home;
}
function _mp_scope(evaluate) {
  var registry = globalThis[globalThis.Symbol.for("mighty-patcher.registry")];
  if (registry && registry.scope) registry.scope("input.js", evaluate);
}
