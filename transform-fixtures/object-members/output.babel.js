const _mp_s_jmfniejd = _mp_cell("api.list"),
  _mp_s_hdaggbbl = _mp_cell("api.create"),
  _mp_s_nlhgkajm = _mp_cell("api.count:get"),
  _mp_s_pgpijpja = _mp_cell("api.count:set"),
  _mp_s_pobbckgh = _mp_cell("api[Symbol.iterator]"),
  _mp_s_gljmfoin = _mp_cell("api.nested.reset"),
  _mp_s_eadgjceh = _mp_cell("api.__proto__.inherited"),
  _mp_s_hmcgbmfi = _mp_cell("default.fetch"),
  _mp_s_ljcnknoo = _mp_cell("module.exports.handler");
_mp_scope(_mp_code => eval(_mp_code));
let calls = 0;
export const api = _mp_members({
  list() {
    if (_mp_s_jmfniejd.v) return _mp_s_jmfniejd.impl.apply(this, arguments);
    return ['a'];
  },
  create: async (item, ..._mp_r) => {
    if (_mp_s_hdaggbbl.v) return _mp_s_hdaggbbl.impl(item, ..._mp_r);
    return {
      item,
      calls: ++calls
    };
  },
  get count() {
    if (_mp_s_nlhgkajm.v) return _mp_s_nlhgkajm.impl.apply(this, arguments);
    return calls;
  },
  set count(value) {
    if (_mp_s_pgpijpja.v) return _mp_s_pgpijpja.impl.apply(this, arguments);
    calls = value;
  },
  [Symbol.iterator]: function* () {
    if (_mp_s_pobbckgh.v) return yield* _mp_s_pobbckgh.impl.apply(this, arguments);
    yield 1;
  },
  nested: _mp_members({
    reset(to = 0) {
      if (_mp_s_gljmfoin.v) return _mp_s_gljmfoin.impl.apply(this, arguments);
      calls = to;
    }
  }, _mp_s_gljmfoin, "reset", "value"),
  __proto__: _mp_members({
    inherited() {
      if (_mp_s_eadgjceh.v) return _mp_s_eadgjceh.impl.apply(this, arguments);
    }
  }, _mp_s_eadgjceh, "inherited", "value"),
  [computedKey()]() {}
}, _mp_s_jmfniejd, "list", "value", _mp_s_hdaggbbl, "create", "value", _mp_s_nlhgkajm, "count", "get", _mp_s_pgpijpja, "count", "set", _mp_s_pobbckgh, Symbol.iterator, "value");
export default _mp_members({
  async fetch(request, env) {
    if (_mp_s_hmcgbmfi.v) return _mp_s_hmcgbmfi.impl.apply(this, arguments);
    return new Response('ok');
  }
}, _mp_s_hmcgbmfi, "fetch", "value");
module.exports = _mp_members({
  handler: async (event, ..._mp_r) => {
    if (_mp_s_ljcnknoo.v) return _mp_s_ljcnknoo.impl(event, ..._mp_r);
    return event;
  }
}, _mp_s_ljcnknoo, "handler", "value");
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
