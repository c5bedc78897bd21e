const _mp_s_pfjnhiei = _mp_cell("scopes"),
  _mp_s_gkgnjccb = _mp_cell("scopes/first"),
  _mp_s_mnjjgcge = _mp_cell("scopes/first/return"),
  _mp_s_bimccadn = _mp_cell("scopes/second"),
  _mp_s_gblidach = _mp_cell("scopes/use()"),
  _mp_s_iaeifeil = _mp_cell("scopes/use()~2"),
  _mp_s_hpeifcpi = _mp_cell("scopes/use()~3"),
  _mp_s_igeifnpn = _mp_cell("scopes/use()~4"),
  _mp_s_ifeifmgk = _mp_cell("scopes/use()~5"),
  _mp_s_mjbajehl = _mp_cell("scopes/pick()"),
  _mp_s_ieeifknh = _mp_cell("scopes/use()~6"),
  _mp_s_bepdpahj = _mp_cell("scopes/return[…]"),
  _mp_s_jiiloppj = _mp_cell("scopes/return[…]/wrap()"),
  _mp_s_lcnejhgm = _mp_cell("scopes/return[…]/return");
_mp_scope(_mp_code => eval(_mp_code));
_mp_def(scopes, _mp_s_pfjnhiei);
// Where each closure's evaluator goes (docs/protocol.md §3.6): the innermost block that makes it, after
// the guard and the function declarations before it; a loop body that is not a block becomes one; none in
// a loop's head, a switch case or a catch clause's pattern. A method's key and a switch's discriminant
// belong to the scope around them.
export function scopes(items, key) {
  if (_mp_s_pfjnhiei.v) return _mp_s_pfjnhiei.impl.apply(this, arguments);
  function first() {
    if (_mp_s_gkgnjccb.v) return _mp_s_gkgnjccb.impl(_mp_e, this, arguments);
    const _mp_e2 = _mp_c2 => eval(_mp_c2);
    return (..._mp_r) => {
      if (_mp_s_mnjjgcge.v) return _mp_s_mnjjgcge.impl(_mp_e2, this, [..._mp_r]);
      return 1;
    };
  }
  const _mp_e = _mp_c => eval(_mp_c);
  function second() {
    if (_mp_s_bimccadn.v) return _mp_s_bimccadn.impl(_mp_e, this, arguments);
  }
  keep(first, second);
  use((..._mp_r) => {
    if (_mp_s_gblidach.v) return _mp_s_gblidach.impl(_mp_e, this, [..._mp_r]);
    return 2;
  });
  for (const item of items) {
    const _mp_e3 = _mp_c3 => eval(_mp_c3);
    use((..._mp_r) => {
      if (_mp_s_iaeifeil.v) return _mp_s_iaeifeil.impl(_mp_e3, this, [..._mp_r]);
      return item;
    });
  }
  for (const fn of [() => 3]) fn();
  do {
    const _mp_e4 = _mp_c4 => eval(_mp_c4);
    use((..._mp_r) => {
      if (_mp_s_hpeifcpi.v) return _mp_s_hpeifcpi.impl(_mp_e4, this, [..._mp_r]);
      return 4;
    });
  } while (items.pop());
  try {
    const _mp_e5 = _mp_c5 => eval(_mp_c5);
    use((..._mp_r) => {
      if (_mp_s_igeifnpn.v) return _mp_s_igeifnpn.impl(_mp_e5, this, [..._mp_r]);
      return 5;
    });
  } catch ({
    message = () => 6
  }) {
    const _mp_e6 = _mp_c6 => eval(_mp_c6);
    use((..._mp_r) => {
      if (_mp_s_ifeifmgk.v) return _mp_s_ifeifmgk.impl(_mp_e6, this, [..._mp_r]);
      return message;
    });
  }
  switch (pick((..._mp_r) => {
    if (_mp_s_mjbajehl.v) return _mp_s_mjbajehl.impl(_mp_e, this, [..._mp_r]);
    return 7;
  })) {
    case 1:
      use(() => 8);
      break;
    default:
      {
        const _mp_e7 = _mp_c7 => eval(_mp_c7);
        use((..._mp_r) => {
          if (_mp_s_ieeifknh.v) return _mp_s_ieeifknh.impl(_mp_e7, this, [..._mp_r]);
          return 9;
        });
      }
  }
  return {
    [wrap((..._mp_r) => {
      if (_mp_s_jiiloppj.v) return _mp_s_jiiloppj.impl(_mp_e, this, [..._mp_r]);
      return key;
    })]() {
      if (_mp_s_bepdpahj.v) return _mp_s_bepdpahj.impl(_mp_e, this, arguments);
      const _mp_e8 = _mp_c8 => eval(_mp_c8);
      return (..._mp_r) => {
        if (_mp_s_lcnejhgm.v) return _mp_s_lcnejhgm.impl(_mp_e8, this, [..._mp_r]);
        return 10;
      };
    }
  };
}
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
function _mp_scope(evaluate) {
  var registry = globalThis[globalThis.Symbol.for("mighty-patcher.registry")];
  if (registry && registry.scope) registry.scope("input.js", evaluate);
}
