var _mp_hotCommit = _mp_hot(import.meta.hot || import.meta.webpackHot || import.meta.turbopackHot);
if (import.meta.hot) import.meta.hot.accept();else if (import.meta.webpackHot) import.meta.webpackHot.accept(_mp_hotError);else if (import.meta.turbopackHot) import.meta.turbopackHot.accept(_mp_hotError);
var _mp_s_C_prototype__Object_, _mp_s_f, _mp_s_g, _mp_tmp;
_mp_scope(_mp_code => eval(_mp_code));
_mp_init();
const _Object = 1;
class C {
  static {
    _mp_s_C_prototype__Object_ = _mp_method(this.prototype, _Object, "value", "C.prototype[_Object]", {
      __proto__: Object.getPrototypeOf(this.prototype),
      [_Object]() {}
    });
  }
  [_Object]() {
    return _mp_s_C_prototype__Object_.impl.apply(this, arguments);
  }
}
export function f() {
  var impl;
  try {
    impl = _mp_s_f.impl;
  } catch {
    _mp_init();
    impl = _mp_s_f.impl;
  }
  return new.target ? Reflect.construct(impl, arguments, new.target) : impl.apply(this, arguments);
}
export const g = (_mp_tmp = {
  g() {
    return _mp_s_g.impl.apply(this, arguments);
  }
}.g, _mp_s_g = _mp_define("g", {
  g: () => _Object
}.g, _mp_tmp), _mp_tmp);
function _mp_define(name, impl, proxy, home) {
  var key = Symbol.for("mighty-patcher.registry");
  var registry = globalThis[key] || (globalThis[key] = {
    protocol: 1,
    slots: new Map(),
    define: function (moduleId, name, impl, proxy) {
      var key = moduleId + "#" + name,
        slot = this.slots.get(key);
      if (slot) {
        slot.impl = impl;
        if (slot.proxies.indexOf(proxy) < 0) slot.proxies.push(proxy);
      } else {
        this.slots.set(key, slot = {
          key: key,
          impl: impl,
          proxies: [proxy]
        });
      }
      return slot;
    }
  });
  return registry.define("input.js", name, impl, proxy, home);
}
function _mp_scope(evaluate) {
  var registry = globalThis[Symbol.for("mighty-patcher.registry")];
  if (registry && registry.scope) registry.scope("input.js", evaluate);
}
function _mp_init() {
  if (_mp_s_f) return;
  _mp_s_f = _mp_define("f", {
    f: function () {
      return _Object;
    }
  }.f, f);
}
function _mp_method(home, key, part, name, implementations) {
  var impl = Object.getOwnPropertyDescriptor(implementations, key)[part];
  return _mp_define(name, impl, Object.getOwnPropertyDescriptor(home, key)[part], home);
}
function _mp_hot(hot) {
  if (!hot) return;
  var data = hot.data,
    again = !!(data && data["mighty-patcher"]);
  if (data) data["mighty-patcher"] = true;
  hot.dispose(function (data) {
    data["mighty-patcher"] = true;
  });
  var registry = globalThis[Symbol.for("mighty-patcher.registry")];
  if (!again || !registry) return;
  var moduleId = "input.js",
    transaction,
    open = true;
  try {
    transaction = registry.beginPatch ? registry.beginPatch(moduleId) : _mp_hotSnapshot(registry, moduleId + "#");
  } catch (error) {
    return;
  }
  Promise.resolve().then(function () {
    if (open) {
      open = false;
      transaction.rollback();
    }
  });
  return function () {
    if (open) {
      open = false;
      transaction.commit();
    }
  };
}
function _mp_hotSnapshot(registry, prefix) {
  var previous = new Map();
  registry.slots.forEach(function (slot, key) {
    if (key.slice(0, prefix.length) === prefix) previous.set(key, slot.impl);
  });
  return {
    commit: function () {},
    rollback: function () {
      registry.slots.forEach(function (slot, key) {
        if (key.slice(0, prefix.length) !== prefix) return;
        if (previous.has(key)) slot.impl = previous.get(key);else registry.slots.delete(key);
      });
    }
  };
}
function _mp_hotError(error, context) {
  console.error("[mighty-patcher] the new version of " + "input.js" + " threw; the previous version keeps running", error);
  var hot = context && context.module && context.module.hot;
  if (hot) {
    hot.accept(_mp_hotError);
    hot.dispose(function (data) {
      data["mighty-patcher"] = true;
    });
  }
}
if (_mp_hotCommit) _mp_hotCommit();
