const _mp_s_pleaicje = _mp_cell("validateRequest"),
  _mp_s_cpifklhl = _mp_cell("validateRequest/return"),
  _mp_s_icgbbhdj = _mp_cell("createSlice"),
  _mp_s_omkofmlg = _mp_cell("createSlice/return.addPoints"),
  _mp_s_cgcdbboj = _mp_cell("createSlice/return.reset"),
  _mp_s_hbbfpngm = _mp_cell("createRouter"),
  _mp_s_cngcckng = _mp_cell("createRouter/router.get(\"/users\")"),
  _mp_s_hnkmebje = _mp_cell("createRouter/router.post(\"/users\")"),
  _mp_s_jekgpnpb = _mp_cell("createRouter/router.get()"),
  _mp_s_kcalmfhe = _mp_cell("outer"),
  _mp_s_okopjfhd = _mp_cell("outer/inner"),
  _mp_s_gjgnpnok = _mp_cell("outer/inner/return"),
  _mp_s_ckncihia = _mp_cell("Component"),
  _mp_s_oajbipii = _mp_cell("useCounter"),
  _mp_s_ijekeipk = _mp_cell("withDefault");
_mp_scope(_mp_code => eval(_mp_code));
_mp_def(validateRequest, _mp_s_pleaicje);
_mp_def(createRouter, _mp_s_hbbfpngm);
_mp_def(outer, _mp_s_kcalmfhe);
_mp_def(Component, _mp_s_ckncihia);
_mp_def(useCounter, _mp_s_oajbipii);
_mp_def(withDefault, _mp_s_ijekeipk);
export function validateRequest(schema) {
  if (_mp_s_pleaicje.v) return _mp_s_pleaicje.impl.apply(this, arguments);
  const _mp_e = _mp_c => eval(_mp_c);
  const label = schema.name;
  return (req, res, next, ..._mp_r) => {
    if (_mp_s_cpifklhl.v) return _mp_s_cpifklhl.impl(_mp_e, this, [req, res, next, ..._mp_r]);
    if (!schema.safeParse(req.body).success) return res.status(400).send(label);
    next();
  };
}
export const createSlice = (set, get, ..._mp_r) => {
  if (_mp_s_icgbbhdj.v) return _mp_s_icgbbhdj.impl(set, get, ..._mp_r);
  const _mp_e2 = _mp_c2 => eval(_mp_c2);
  return {
    score: 0,
    addPoints: (points, ..._mp_r) => {
      if (_mp_s_omkofmlg.v) return _mp_s_omkofmlg.impl(_mp_e2, this, [points, ..._mp_r]);
      return set({
        score: get().score + points
      });
    },
    reset() {
      if (_mp_s_cgcdbboj.v) return _mp_s_cgcdbboj.impl(_mp_e2, this, arguments);
      set({
        score: 0
      });
    }
  };
};
_mp_def(createSlice, _mp_s_icgbbhdj);
export function createRouter(controller) {
  if (_mp_s_hbbfpngm.v) return _mp_s_hbbfpngm.impl.apply(this, arguments);
  const _mp_e3 = _mp_c3 => eval(_mp_c3);
  const router = Router();
  router.get('/users', (req, res, ..._mp_r) => {
    if (_mp_s_cngcckng.v) return _mp_s_cngcckng.impl(_mp_e3, this, [req, res, ..._mp_r]);
    return controller.list(req, res);
  });
  router.post('/users', function create(req, res) {
    if (_mp_s_hnkmebje.v) return _mp_s_hnkmebje.impl(_mp_e3, this, arguments);
    return controller.create(req, res);
  });
  const doubled = [1, 2].map(n => n * 2);
  items.forEach(function (item) {
    console.log(item);
  });
  const result = (() => 42)();
  new Promise(resolve => resolve());
  for (const name of ['a', 'b']) {
    const _mp_e4 = _mp_c4 => eval(_mp_c4);
    router.get(`/${name}`, (..._mp_r) => {
      if (_mp_s_jekgpnpb.v) return _mp_s_jekgpnpb.impl(_mp_e4, this, [..._mp_r]);
      return name;
    });
  }
  switch (doubled.length) {
    case 2:
      router.get('/two', () => 2);
  }
  return router;
}
export function outer(a) {
  if (_mp_s_kcalmfhe.v) return _mp_s_kcalmfhe.impl.apply(this, arguments);
  function inner(b) {
    if (_mp_s_okopjfhd.v) return _mp_s_okopjfhd.impl(_mp_e5, this, arguments);
    const _mp_e6 = _mp_c6 => eval(_mp_c6);
    return (..._mp_r) => {
      if (_mp_s_gjgnpnok.v) return _mp_s_gjgnpnok.impl(_mp_e6, this, [..._mp_r]);
      return a + b;
    };
  }
  const _mp_e5 = _mp_c5 => eval(_mp_c5);
  return inner;
}
export function Component({
  title
}) {
  if (_mp_s_ckncihia.v) return _mp_s_ckncihia.impl.apply(this, arguments);
  const onClick = () => console.log(title);
  return onClick;
}
export function useCounter(initial) {
  if (_mp_s_oajbipii.v) return _mp_s_oajbipii.impl.apply(this, arguments);
  const increment = () => initial + 1;
  return increment;
}
export function withDefault(callback = () => 1) {
  if (_mp_s_ijekeipk.v) return _mp_s_ijekeipk.impl.apply(this, arguments);
  return callback;
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
