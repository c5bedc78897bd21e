var _mp_hotCommit = _mp_hot(import.meta.hot || import.meta.webpackHot || import.meta.turbopackHot, !!import.meta.hot, _mp_hotClosures, import.meta.hot && {
  shape: "09000959",
  content: "74a31bc1",
  bodies: {
    "format": "3b1892c3",
    "setInterval()": "e4ac8043",
    "bus.on(\"message\")": "8b409969"
  },
  evaluate: _mp_code2 => eval(_mp_code2),
  load: _mp_hotLoad
});
if (import.meta.hot) import.meta.hot.accept();
var _mp_s_format = _mp_cell("format"),
  _mp_s_setInterval__ = _mp_cell("setInterval()"),
  _mp_s_bus_on__message__ = _mp_cell("bus.on(\"message\")");
_mp_scope(_mp_code => eval(_mp_code));
// A top-level module without exports: inline callbacks in calls (a timer, an event bus), a declarator whose
// initialiser runs code (gated: it returns undefined in an instance that skips its top level) and one that
// is a function (not gated: the function is defined in every instance).
import { bus } from './bus';
const log = _mp_hotTop(() => []);
const started = _mp_hotTop(() => Date.now());
const format = entry => {
  if (_mp_s_format?.v > 0) return _mp_s_format.impl(entry);
  return `${entry.at - started}ms ${entry.text}`;
};
_mp_def(format, _mp_s_format);
_mp_hotTop(() => {
  setInterval(_mp_def(() => {
    if (_mp_s_setInterval__?.v > 0) return _mp_s_setInterval__.impl();
    log.push({
      at: Date.now(),
      text: 'tick'
    });
  }, _mp_s_setInterval__), 1000);
});
_mp_hotTop(() => {
  bus.on('message', _mp_def(_mp_p => {
    if (_mp_s_bus_on__message__?.v > 0) return _mp_s_bus_on__message__.impl(_mp_p);
    let {
      text
    } = _mp_p;
    log.push({
      at: Date.now(),
      text
    });
    document.querySelector('#log').textContent = log.map(format).join('\n');
  }, _mp_s_bus_on__message__));
});
_mp_hotTop(() => {
  if (import.meta.env?.DEV) console.log('ready');
});
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
function _mp_hot(hot, selfAccepting, patchClosures, scope) {
  if (!hot || hot["mighty-patcher"]) return;
  var data = hot.data,
    again = !!(data && data["mighty-patcher"]),
    kept = data && data["mighty-patcher:scope"];
  if (data) data["mighty-patcher"] = true;
  hot.dispose(function (data) {
    data["mighty-patcher"] = true;
  });
  var moduleId = "input.js",
    prefix = moduleId + "#";
  var load = scope && data && scope.load(scope, again && kept, prefix);
  if (load && !again) {
    data["mighty-patcher:scope"] = scope;
    return load;
  }
  var registry = globalThis[globalThis.Symbol.for("mighty-patcher.registry")];
  if (!again || !registry) return;
  var skip = !!(load && load.skip),
    skipped = [];
  var before = _mp_hotSnapshot(registry, prefix),
    transaction,
    open = true;
  try {
    transaction = registry.beginPatch && !skip ? registry.beginPatch(moduleId) : before;
  } catch (error) {
    return;
  }
  globalThis.Promise.resolve().then(function () {
    if (open) {
      open = false;
      transaction.rollback();
    }
  });
  var commit = function () {
    if (!open) return;
    open = false;
    var console = globalThis.console;
    if (skip) return patchClosures(registry, prefix, [], before, {
      skipped: skipped,
      kept: kept,
      scope: scope,
      hot: hot,
      moduleId: moduleId
    });
    var source = globalThis.Function.prototype.toString,
      patched = [],
      react = [],
      closures = [],
      reactModule = false;
    registry.slots.forEach(function (slot, key) {
      var was = before.slots.get(slot),
        name = key.slice(prefix.length);
      var reactNamed = !!slot.fn && !/\W/.test(name) && (/^(?:[A-Z]|use[A-Z])/.test(name) || /^(?:[A-Z]|use[A-Z])/.test(slot.fn.name));
      if (key.slice(0, prefix.length) === prefix && reactNamed) reactModule = true;
      if (key.slice(0, prefix.length) !== prefix || !was || !was.fn || !slot.fn || source.call(was.fn) === source.call(slot.fn)) return;
      if (reactNamed) {
        react.push(name);
        before.cells.forEach(function (old, cell) {
          if (cell.slot === slot) {
            cell.v = old.v;
            cell.impl = old.impl;
          }
        });
        return;
      }
      patched.push(name);
      registry.slots.forEach(function (inner, innerKey) {
        if (innerKey.slice(0, key.length + 1) === key + "/" && closures.indexOf(name) < 0) closures.push(name);
      });
    });
    var refused = closures;
    if (closures.length && patchClosures) {
      try {
        var result = patchClosures(registry, prefix, closures, before);
        patched = patched.concat(result.patched);
        refused = result.refused;
      } catch (error) {
        refused = closures;
      }
    }
    transaction.commit();
    if (patched.length && !scope) console.info("[mighty-patcher] patched " + moduleId + ": " + patched.join(", ") + " (" + patched.length + (patched.length === 1 ? " function)" : " functions)"));
    if (react.length) console.info("[mighty-patcher] " + moduleId + ": " + react.join(", ") + " left to React Fast Refresh (components and hooks)");
    if (scope) {
      load();
      data["mighty-patcher:scope"] = scope;
      patchClosures(registry, prefix, [], before, {
        kept: kept,
        scope: scope,
        hot: hot,
        moduleId: moduleId,
        ran: load.ran
      });
    } else if (refused.length) {
      var message = "[mighty-patcher] " + moduleId + ": functions that " + refused.join(", ") + " made before this edit (store actions, handlers) keep their old code: it changed outside them";
      if (selfAccepting && typeof hot.invalidate === "function") {
        console.warn(message + "; the update goes on to the modules importing it, as without the plugin");
        hot.invalidate(message);
      } else {
        console.warn(message);
      }
    }
    if (!selfAccepting && !reactModule) console.warn("[mighty-patcher] " + moduleId + " was evaluated again: its module-level values (a store, a cache) are new ones; code holding the previous ones keeps them");
  };
  if (load) {
    commit.top = skip ? function (run) {
      skipped.push(globalThis.Function.prototype.toString.call(run));
    } : load.top;
  }
  return commit;
}
function _mp_hotSnapshot(registry, prefix) {
  var slots = new globalThis.Map(),
    cells = new globalThis.Map();
  registry.slots.forEach(function (slot, key) {
    if (key.slice(0, prefix.length) !== prefix) return;
    slots.set(slot, {
      fn: slot.fn,
      version: slot.version
    });
    slot.cells.concat(slot.later ? slot.later.map(function (ref) {
      return ref.deref();
    }) : []).forEach(function (cell) {
      if (cell) cells.set(cell, {
        v: cell.v,
        impl: cell.impl
      });
    });
  });
  return {
    slots: slots,
    cells: cells,
    commit: function () {},
    rollback: function () {
      registry.slots.forEach(function (slot, key) {
        if (key.slice(0, prefix.length) !== prefix) return;
        var before = slots.get(slot);
        if (!before) {
          registry.slots.delete(key);
          return;
        }
        slot.fn = before.fn;
        slot.version = before.version;
        for (var i = slot.cells.length - 1; i >= 0; i--) if (!cells.has(slot.cells[i])) slot.cells.splice(i, 1);
      });
      cells.forEach(function (before, cell) {
        cell.v = before.v;
        cell.impl = before.impl;
      });
    }
  };
}
function _mp_hotClosures(registry, prefix, names, before, topLevel) {
  var source = globalThis.Function.prototype.toString,
    patched = [],
    refused = [],
    byCell = {};
  registry.slots.forEach(function (slot, key) {
    if (key.slice(0, prefix.length) === prefix) byCell["_mp_s_" + key.slice(prefix.length).replace(/\W/g, "_")] = slot;
  });
  function slotOfCell(cell) {
    return byCell[cell] || byCell[cell.replace(/\d+\u0024/, "")];
  }
  function scan(text) {
    var tokens = [],
      open = [],
      match = {},
      templates = [],
      i = 0,
      n = text.length,
      regex = true;
    function push(start, value, expression) {
      tokens.push({
        s: start,
        e: i,
        v: value
      });
      regex = !expression;
    }
    function template(start) {
      while (i < n && text[i] !== "`") {
        if (text[i] === "\\") i++;else if (text[i] === String.fromCharCode(36) && text[i + 1] === "{") {
          i += 2;
          templates.push(open.length);
          push(start, "`{", false);
          return;
        }
        i++;
      }
      i++;
      push(start, "`", true);
    }
    while (i < n) {
      var c = text[i],
        start = i;
      if (/\s/.test(c)) {
        i++;
      } else if (c === "/" && text[i + 1] === "/") {
        while (i < n && !/[\n\r\u2028\u2029]/.test(text[i])) i++;
      } else if (c === "/" && text[i + 1] === "*") {
        i = text.indexOf("*/", i + 2);
        i = i < 0 ? n : i + 2;
      } else if (c === "'" || c === '"') {
        for (i++; i < n && text[i] !== c; i++) if (text[i] === "\\") i++;
        i++;
        push(start, c, true);
      } else if (c === "`") {
        i++;
        template(start);
      } else if (c === "}" && templates.length && templates[templates.length - 1] === open.length) {
        templates.pop();
        i++;
        template(start);
      } else if (c === "/" && regex) {
        for (i++; i < n && text[i] !== "/"; i++) {
          if (text[i] === "\\") i++;else if (text[i] === "[") while (++i < n && text[i] !== "]") if (text[i] === "\\") i++;
        }
        for (i++; i < n && /\w/.test(text[i]); i++);
        push(start, "/", true);
      } else if (/[\w\u0024\u0080-\uffff]/.test(c)) {
        while (i < n && /[\w\u0024\u0080-\uffff]/.test(text[i])) i++;
        var word = text.slice(start, i);
        push(start, word, !/^(?:return|typeof|instanceof|in|of|new|delete|void|throw|case|do|else|yield|await)(?![\s\S])/.test(word));
      } else if (c === "=" && text[i + 1] === ">") {
        i += 2;
        push(start, "=>", false);
      } else {
        i++;
        if (c === "(" || c === "[" || c === "{") open.push(tokens.length);else if ((c === ")" || c === "]" || c === "}") && open.length) {
          var at = open.pop();
          match[at] = tokens.length;
          match[tokens.length] = at;
        }
        push(start, c, c === ")" || c === "]" || c === "}");
      }
    }
    return {
      tokens: tokens,
      match: match
    };
  }
  function sites(text, any) {
    var scanned = scan(text),
      tokens = scanned.tokens,
      match = scanned.match,
      found = [],
      m;
    var guard = any ? /if\s*\(\s*(_mp_s_\w+)\s*\?\.\s*v\s*>\s*\d+\s*\)\s*return\b/g : /if\s*\(\s*(_mp_s_\w+)\s*\?\.\s*v\s*>\s*\d+\s*\)\s*return\s+\1\s*\.\s*impl\s*\(\s*_mp_e\w*\s*,/g;
    var index = {};
    tokens.forEach(function (token, k) {
      index[token.s] = k;
    });
    while (m = guard.exec(text)) {
      var k = index[m.index],
        body = k - 1;
      if (k === undefined || !tokens[body] || tokens[body].v !== "{" || match[body] === undefined) return undefined;
      var p = body - 1,
        first,
        kind = "function";
      if (tokens[p] && tokens[p].v === "=>") {
        first = tokens[p - 1].v === ")" ? match[p - 1] : p - 1;
      } else if (tokens[p] && tokens[p].v === ")") {
        first = match[p] - 1;
        if (tokens[first].v === "function") {} else if (tokens[first - 1] && (tokens[first - 1].v === "function" || tokens[first - 1].v === "*" && tokens[first - 2] && tokens[first - 2].v === "function")) {
          first -= tokens[first - 1].v === "*" ? 2 : 1;
        } else {
          kind = "method";
          if (tokens[first].v === "]") first = match[first];
          while (tokens[first - 1] && /^(?:async|get|set|\*)(?![\s\S])/.test(tokens[first - 1].v)) first--;
        }
      } else {
        return undefined;
      }
      if (first === undefined || first < 0) return undefined;
      if (kind !== "method" && tokens[first - 1] && tokens[first - 1].v === "async") first--;
      found.push({
        cell: m[1],
        start: tokens[first].s,
        end: tokens[match[body]].e,
        kind: kind
      });
    }
    found.forEach(function (site) {
      found.forEach(function (other) {
        if (other !== site && other.start <= site.start && site.end <= other.end && (!site.parent || site.parent.start < other.start)) site.parent = other;
      });
    });
    return found;
  }
  function own(text, list, site) {
    var out = "",
      at = site ? site.start : 0;
    list.forEach(function (other) {
      if (other.parent === site) {
        out += text.slice(at, other.start) + "_mp_closure";
        at = other.end;
      }
    });
    return out + text.slice(at, site ? site.end : text.length);
  }
  function runner(code) {
    var compiled = new globalThis.WeakMap();
    return function (evaluate, self, args) {
      var fn = compiled.get(evaluate);
      if (!fn) compiled.set(evaluate, fn = evaluate(code));
      return fn.apply(self, args);
    };
  }
  function current(text) {
    return text.replace(/(_mp_s_\w+)(\s*\?\.\s*v\s*>\s*)\d+/g, function (all, cell, middle) {
      var other = slotOfCell(cell);
      return other ? cell + middle + other.version : all;
    });
  }
  function compiled(site, evaluate) {
    var code = site.kind === "method" ? "(function () { var o = { " + current(site.text) + " }, d = globalThis.Object.getOwnPropertyDescriptor(o, globalThis.Reflect.ownKeys(o)[0]); return d.value || d.get || d.set; })()" : "(" + current(site.text) + ")";
    return evaluate ? evaluate(code) : runner(code);
  }
  if (topLevel) return update(topLevel);
  function update(options) {
    var console = globalThis.console,
      hot = options.hot,
      result,
      message;
    if (!options.skipped) {
      message = options.ran && options.ran.length ? options.ran.join(", ") + " ran while the module loaded (what " + (options.ran.length === 1 ? "it" : "they") + " made keeps the old code), so its top level ran again" : (options.kept && options.kept.content === options.scope.content ? "a module it imports changed" : "it changed outside function bodies") + " and its top level runs code (listeners, timers), which ran again";
    } else {
      try {
        result = inPlace(options.skipped, options.kept);
      } catch (error) {
        result = {
          patched: [],
          refused: ["its new functions could not be compiled in the running instance (" + error + ")"]
        };
      }
      if (!result.refused.length) {
        options.kept.content = options.scope.content;
        options.kept.bodies = options.scope.bodies;
        if (result.patched.length) console.info("[mighty-patcher] patched " + options.moduleId + ": " + result.patched.join(", ") + " (" + result.patched.length + (result.patched.length === 1 ? " function)" : " functions)"));
        return;
      }
      message = result.refused.join("; ") + "; the previous code keeps running";
    }
    message = "[mighty-patcher] " + options.moduleId + ": " + message;
    console.warn(message + "; the update goes on to the modules importing it, as without the plugin");
    if (typeof hot.invalidate === "function") hot.invalidate(message);
  }
  function inPlace(skipped, kept) {
    var texts = {},
      refused = [],
      changed = [],
      keys = [],
      applied = kept.texts || (kept.texts = {});
    function collect(text) {
      var list = sites(text, true);
      if (!list) refused.push("a function's guard was not found");
      (list || []).forEach(function (site) {
        var slot = slotOfCell(site.cell);
        if (slot) texts[slot.key] = {
          text: text.slice(site.start, site.end),
          kind: site.kind
        };
      });
    }
    registry.slots.forEach(function (slot, key) {
      if (key.slice(0, prefix.length) !== prefix) return;
      slot.cells.forEach(function (cell) {
        if (!before.cells.has(cell) && cell.fn) collect(source.call(cell.fn));
      });
    });
    skipped.forEach(collect);
    registry.slots.forEach(function (slot, key) {
      var name = key.slice(prefix.length),
        was = before.slots.get(slot);
      if (key.slice(0, prefix.length) !== prefix || name.indexOf("/") >= 0) return;
      if (!was || !was.fn) return refused.push(name + " is new");
      keys.push(slot);
      var old = applied[key],
        now = texts[key];
      if (!old) {
        var mine = sites(source.call(was.fn), true);
        if (mine && mine[0]) old = {
          text: source.call(was.fn).slice(mine[0].start, mine[0].end),
          kind: mine[0].kind
        };
      }
      if (!old || !now) return refused.push(name + " was not found");
      if (old.text === now.text) return;
      var inner = false;
      registry.slots.forEach(function (other, otherKey) {
        if (otherKey.slice(0, key.length + 1) === key + "/") inner = true;
      });
      if (inner) return refused.push(name + " makes closures (not patched in a module whose top level runs code)");
      changed.push({
        slot: slot,
        name: name,
        site: now
      });
    });
    keys.forEach(function (slot) {
      var was = before.slots.get(slot);
      slot.fn = was.fn;
      slot.cells.forEach(function (cell) {
        if (before.cells.has(cell)) return;
        cell.v = slot.version + 1;
        cell.impl = was.fn;
      });
    });
    before.cells.forEach(function (old, cell) {
      if (keys.indexOf(cell.slot) >= 0) {
        cell.v = old.v;
        cell.impl = old.impl;
      }
    });
    if (refused.length) return {
      patched: [],
      refused: refused
    };
    changed.forEach(function (change) {
      change.slot.version++;
    });
    var impls = changed.map(function (change) {
      return compiled(change.site, kept.evaluate);
    });
    changed.forEach(function (change, i) {
      var slot = change.slot;
      before.cells.forEach(function (old, cell) {
        if (cell.slot === slot) {
          cell.v = slot.version;
          cell.impl = impls[i];
        }
      });
      slot.cells.forEach(function (cell) {
        cell.v = slot.version;
        cell.impl = impls[i];
      });
      applied[slot.key] = change.site;
    });
    return {
      patched: changed.map(function (change) {
        return change.name;
      }),
      refused: []
    };
  }
  names.forEach(function (name) {
    var slot = registry.slots.get(prefix + name),
      was = before.slots.get(slot),
      now = source.call(slot.fn),
      then = source.call(was.fn);
    var after = sites(now),
      earlier = sites(then);
    if (!after || !earlier || own(now, after) !== own(then, earlier)) {
      refused.push(name);
      return;
    }
    function earlierOf(site) {
      return site && earlier.filter(function (other) {
        return other.cell === site.cell;
      })[0];
    }
    var changed = after.filter(function (site) {
      var old = earlierOf(site);
      if (!old || then.slice(old.start, old.end) === now.slice(site.start, site.end) || !slotOfCell(site.cell)) return false;
      var parent = site.parent,
        parentBefore = earlierOf(parent);
      if (parent && (parentBefore !== old.parent || own(now, after, parent) !== own(then, earlier, parentBefore))) {
        var maker = slotOfCell(parent.cell) ? slotOfCell(parent.cell).key.slice(prefix.length) : name;
        if (refused.indexOf(maker) < 0) refused.push(maker);
        return false;
      }
      return true;
    });
    changed.forEach(function (site) {
      slotOfCell(site.cell).version++;
    });
    changed.forEach(function (site) {
      var closure = slotOfCell(site.cell),
        impl = compiled({
          text: now.slice(site.start, site.end),
          kind: site.kind
        });
      before.cells.forEach(function (old, cell) {
        if (cell.slot === closure) {
          cell.v = closure.version;
          cell.impl = impl;
        }
      });
      patched.push(closure.key.slice(prefix.length));
    });
  });
  return {
    patched: patched,
    refused: refused
  };
}
function _mp_hotTop(run) {
  return _mp_hotCommit && _mp_hotCommit.top ? _mp_hotCommit.top(run) : run();
}
function _mp_hotLoad(scope, kept, prefix) {
  var symbol = globalThis.Symbol.for("mighty-patcher.registry"),
    existing = new globalThis.Set(),
    open = true,
    armed = false;
  function each(visit) {
    var registry = globalThis[symbol];
    if (registry) registry.slots.forEach(function (slot, key) {
      if (key.slice(0, prefix.length) !== prefix) return;
      slot.cells.concat(slot.later ? slot.later.map(function (ref) {
        return ref.deref();
      }) : []).forEach(function (cell) {
        if (cell) visit(cell, key.slice(prefix.length));
      });
    });
  }
  each(function (cell) {
    existing.add(cell);
  });
  var ending = false;
  var close = function () {
    open = false;
  };
  var end = function () {
    if (ending) return;
    ending = true;
    var page = globalThis.document;
    if (page && page.readyState !== "complete") globalThis.addEventListener("load", function () {
      globalThis.setTimeout(close, 0);
    });else globalThis.setTimeout(close, 0);
  };
  var body = !!(kept && kept.shape === scope.shape && kept.content !== scope.content && kept.bodies);
  end.ran = body ? (kept.ran || []).filter(function (name) {
    return kept.bodies[name] !== scope.bodies[name];
  }) : [];
  end.skip = body && !end.ran.length;
  scope.ran = [];
  end.top = function (run) {
    if (!armed) {
      armed = true;
      each(function (cell, name) {
        if (existing.has(cell) || cell.v !== 0 || name.indexOf("/") >= 0) return;
        cell.v = 1;
        cell.impl = function recorder() {
          if (cell.impl === recorder) {
            cell.v = 0;
            cell.impl = undefined;
          }
          if (open && scope.ran.indexOf(name) < 0) scope.ran.push(name);
          return new.target ? globalThis.Reflect.construct(cell.fn, arguments, new.target) : cell.fn.apply(this, arguments);
        };
      });
    }
    return run();
  };
  globalThis.Promise.resolve().then(end);
  return end;
}
if (_mp_hotCommit) _mp_hotCommit();
