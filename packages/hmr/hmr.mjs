// The bundler HMR glue (docs/protocol.md §6), shared by every instrumented module: both plugins emit an
// import of this file (an ES module, `require`d in the `module.hot` form) and a few calls, instead of
// printing this code into each module. Served as is to the browser and to bundlers' server builds, so it
// is plain JavaScript that reaches every global through `globalThis` and keeps no state of its own: what
// outlives a version lives in `hot.data` and in the registry, so two copies of this file behave as one.
//
//   hot(api, selfAccepting, moduleId, scope?)  first statement of a module: opens the registry transaction of
//                                              a re-evaluation; returns the function its last statement calls
//   hotError(moduleId)                         webpack's and Turbopack's self-accept error handler
//   hotGate(commit)                            a top-level module's gate around each statement that runs code
//
// The directive below keeps the plugins from instrumenting this file where a bundler compiles it with the app's
// plugins (a workspace package, not under node_modules).
"use no mighty-patcher";

export function hot(hot, selfAccepting, moduleId, scope) {
  if (!hot || hot["mighty-patcher"]) return;
  var data = hot.data, again = !!(data && data["mighty-patcher"]), kept = data && data["mighty-patcher:scope"];
  // Evaluated again because its last update was passed on: to render boundaries (passOnToRenderBoundaries), or to
  // its importers for closures it could not patch.
  var passedOn = !!(data && data["mighty-patcher:passedOn"]);
  if (data) data["mighty-patcher"] = true;
  // Not one of React Fast Refresh's boundaries for passOnToRenderBoundaries: its own updates are the glue's.
  if (selfAccepting) hot["mighty-patcher:accepts"] = true;
  hot.dispose(function (data) {
    data["mighty-patcher"] = true;
  });
  var prefix = moduleId + "#";
  // A top-level module (Vite): the scope of the instance whose top level ran stays in hot.data, with the
  // functions that top level called while it loaded (`load` notes them, and tells whether this instance skips it).
  var load = scope && data && startLoad(scope, again && kept, prefix);
  if (load && !again) {
    data["mighty-patcher:scope"] = scope;
    return load;
  }
  var registry = globalThis[globalThis.Symbol.for("mighty-patcher.registry")];
  if (!again || !registry) return;
  // Its own file changed inside function bodies only, none of them a function that ran while the kept instance
  // loaded: this instance skips its top level (its gate) and the changed functions are compiled in the kept
  // scope at its last statement.
  var skip = !!(load && load.skip), skipped = [], values = {};
  var before = snapshot(registry, prefix), transaction, open = true;
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
    if (skip) return patchClosures(registry, prefix, [], before, { skipped: skipped, values: values, kept: kept, scope: scope, hot: hot, moduleId: moduleId });
    var source = globalThis.Function.prototype.toString, patched = [], react = [], closures = [], reactModule = false;
    registry.slots.forEach(function (slot, key) {
      var was = before.slots.get(slot), name = key.slice(prefix.length);
      // Fast Refresh's naming by the binding or the function's own name (Refresh names memo(_c = () => ...) _c)
      var reactNamed = !!slot.fn && !/\W/.test(name) && (/^(?:[A-Z]|use[A-Z])/.test(name) || /^(?:[A-Z]|use[A-Z])/.test(slot.fn.name));
      if (key.slice(0, prefix.length) === prefix && reactNamed) reactModule = true;
      if (key.slice(0, prefix.length) !== prefix || !was || !was.fn || !slot.fn || source.call(was.fn) === source.call(slot.fn)) return;
      if (reactNamed) {
        // A component or hook: React Fast Refresh decides whether mounted components re-render or remount;
        // the previous instance's function must not start running code whose hooks differ.
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
    patched = patched.concat(addMembers(registry, prefix, before));
    var refused = closures;
    if (closures.length) {
      try {
        var result = patchClosures(registry, prefix, closures, before);
        patched = patched.concat(result.patched);
        refused = result.refused;
      } catch (error) {
        refused = closures;
      }
    }
    transaction.commit();
    // Not by an update of its own (it does not accept one): Vite evaluated it again for an importer, or it was
    // passed on. Its module-level values are new; whatever holds the previous ones (a store) keeps them, and
    // runs the new code of the functions swapped: one line says both, not "patched" alone.
    var evaluatedAgain = !selfAccepting && !reactModule;
    var swapped = patched.length && !scope ? patched.join(", ") + " (" + patched.length + (patched.length === 1 ? " function)" : " functions)") : "";
    // A top-level module whose top level ran again is not patched: it invalidates itself below.
    if (swapped && !evaluatedAgain) console.info("[mighty-patcher] patched " + moduleId + ": " + swapped);
    // On a server (no document: a bundler's server build, such as a route handler's `GET`) there is no Fast
    // Refresh: the bundler evaluated the module again, and what it calls next is the new export.
    if (react.length) {
      console.info("[mighty-patcher] " + moduleId + ": " + react.join(", ") + (globalThis.document
        ? " left to React Fast Refresh (components and hooks)"
        : " evaluated again by the bundler, not patched in place (named as React components and hooks are)"));
    }
    if (scope) {
      // A top-level module whose top level ran again: Vite goes on as without the plugin (a reload).
      load();
      data["mighty-patcher:scope"] = scope;
      patchClosures(registry, prefix, [], before, { kept: kept, scope: scope, hot: hot, moduleId: moduleId, ran: load.ran });
    } else if (refused.length) {
      var message = "[mighty-patcher] " + moduleId + ": functions that " + refused.join(", ") + " made before this edit (store actions, handlers) keep their old code: it changed outside them";
      if (selfAccepting && typeof hot.invalidate === "function") {
        console.warn(message + "; the update goes on to the modules importing it, as without the plugin");
        // The bundler evaluates this module again: that instance changes no code, and must not say "importers kept".
        hot.dispose(function (data) {
          data["mighty-patcher:passedOn"] = true;
        });
        hot.invalidate(message);
      } else {
        console.warn(message);
      }
    } else if (swapped && !evaluatedAgain && selfAccepting && globalThis.document) {
      passOnToRenderBoundaries(hot, moduleId);
    }
    if (evaluatedAgain) console.warn("[mighty-patcher] " + moduleId + " was evaluated again: its module-level values (a store, a cache) are new ones; code holding the previous ones keeps them" + (swapped ? ", and runs the new code of " + swapped : ""));
    // Its own update, with no function's code changed (a function added, one renamed, a private value): still one
    // line, so that every update of a module the glue takes says what it did.
    if (selfAccepting && !swapped && !react.length && !scope && !refused.length && !passedOn) {
      var added = [];
      registry.slots.forEach(function (slot, key) {
        var name = key.slice(prefix.length);
        if (key.slice(0, prefix.length) === prefix && slot.fn && !before.slots.has(slot) && name.indexOf("/") < 0) added.push(name);
      });
      console.info("[mighty-patcher] updated " + moduleId + " in place, importers kept: no function's code changed" + (added.length ? "; added " + added.join(", ") : ""));
    }
  };
  // A top-level module's gate: this instance skips its top level, or runs it noting what it calls.
  if (load) commit.top = skip ? skipGate(load.changed, kept, skipped, values) : load.top;
  return commit;
}

// webpack and Turbopack (Next.js): a module patched in place whose importers include React Fast Refresh
// boundaries (components, which may call a patched function while they render) passes its update on to them,
// as it would without the plugin: the bundler evaluates it and them again after this update, and Fast Refresh
// renders them with their state kept, so they show the new result now, not at their next render (docs/hmr.md;
// a real Next.js app's label helper stayed stale under Turbopack, and React Compiler's memoized call of it too).
// Only where every importer takes the update itself (a boundary, or a module that accepts its own or this
// one's update): one that would pass it further (a store, a barrel) would take it to the page's root, a reload.
// An importer's own `invalidate()` is no way to it: the bundler then passes the importer's update to its own
// importers (Next.js's page reloaded). Vite keeps its module graph on the server.
function passOnToRenderBoundaries(hot, moduleId) {
  var cache = moduleCache(), self, boundaries = [];
  if (!cache || typeof hot.invalidate !== "function") return;
  cache.each(function (module, id) {
    if (self === undefined && module && module.hot === hot) self = id;
  });
  if (self === undefined) return;
  var takenBy = (cache.get(self).parents || []).map(function (parent) {
    var taker = takes(cache, cache.get(parent), self);
    if (taker === "boundary") boundaries.push(parent);
    return !!taker;
  });
  if (!boundaries.length || takenBy.indexOf(false) >= 0) return;
  globalThis.console.info("[mighty-patcher] " + moduleId + ": update passed on to " + boundaries.join(", ") + " for React Fast Refresh to render them with the new code");
  // The bundler evaluates this module again: that instance's update changes no code, and says nothing.
  hot.dispose(function (data) {
    data["mighty-patcher:passedOn"] = true;
  });
  hot.invalidate();
}

/**
 * The bundler's module objects ({ hot, parents, exports }) by id: webpack's `__webpack_require__.c`; Turbopack's
 * dev runtime gives every module's `__turbopack_context__` its module cache, a Map, as `c` (not a public API:
 * without it, nothing is passed on).
 */
function moduleCache() {
  if (typeof __webpack_require__ === "function" && __webpack_require__.c) {
    var modules = __webpack_require__.c;
    return {
      get: function (id) { return modules[id]; },
      each: function (visit) { for (var id in modules) visit(modules[id], id); },
    };
  }
  if (typeof __turbopack_context__ === "object" && __turbopack_context__ && __turbopack_context__.c instanceof globalThis.Map) {
    var map = __turbopack_context__.c;
    return {
      turbopack: true,
      get: function (id) { return map.get(id); },
      each: function (visit) { map.forEach(visit); },
    };
  }
}

/** How an importer takes a module's update: "boundary" (Fast Refresh renders it), "itself", or not (false). */
function takes(cache, importer, id) {
  var importerHot = importer && importer.hot;
  if (!importerHot) return false;
  if (importerHot["mighty-patcher:accepts"]) return "itself";
  if (cache.turbopack) {
    // Whether a module accepts is out of reach there: a boundary is what Next.js's Refresh helpers say it is.
    var helpers = globalThis.$RefreshHelpers$;
    var boundary = helpers && typeof helpers.isReactRefreshBoundary === "function" ? helpers.isReactRefreshBoundary(importer.exports) : componentsOnly(importer.exports);
    return boundary ? "boundary" : false;
  }
  if ((importerHot._acceptedDependencies || {})[id]) return "itself";
  if (!importerHot._selfAccepted) return false;
  return componentsOnly(importer.exports) ? "boundary" : "itself";
}

/** Whether every export of a module is a React component, as React Fast Refresh tells its boundaries. */
function componentsOnly(exports) {
  var names = exports && typeof exports === "object" ? globalThis.Object.keys(exports) : [];
  return names.length > 0 && names.every(function (name) {
    var value = exports[name];
    if (typeof value === "function") return /^[A-Z]/.test(value.name || name);
    return !!value && typeof value === "object" && value.$$typeof !== undefined;
  });
}

export function hotError(moduleId) {
  return function handler(error, context) {
    globalThis.console.error("[mighty-patcher] the new version of " + moduleId + " threw; the previous version keeps running", error);
    var hot = context && context.module && context.module.hot;
    if (hot) {
      hot.accept(handler);
      hot.dispose(function (data) {
        data["mighty-patcher"] = true;
      });
    }
  };
}

// The gate of an instance that skips its top level (docs/protocol.md §6). A statement is not run (its text is kept,
// to find its functions). A declarator binds what the binding holds in the running instance (`text` reads it there),
// or what the last update made of it: the modules that import this version get the values the page uses (one store).
// An exported one whose initialiser holds a changed function, or names a binding made again here, runs again
// instead, so that a value that caches what the function returned (a `createSelector`) starts fresh for them.
function skipGate(changed, kept, skipped, values) {
  var made = [];
  return function (run, text, exported) {
    var code = globalThis.Function.prototype.toString.call(run);
    skipped.push(code);
    if (text === undefined) return;
    if (exported && (changed(code) || made.some(function (name) {
      return new globalThis.RegExp("(?:^|[^\\w\\u0024.])" + name.replace(/\u0024/g, "\\u0024") + "(?![\\w\\u0024])").test(code);
    }))) {
      values[text] = run();
      made = made.concat(text.match(/[\w\u0024]+/g) || []);
      return values[text];
    }
    return kept.values && globalThis.Object.prototype.hasOwnProperty.call(kept.values, text) ? kept.values[text] : kept.evaluate(text);
  };
}

/** The cell a top-level module's kept scope binds to `name` (undefined: none). */
function cellIn(kept, name) {
  try {
    return kept.evaluate(name);
  } catch (error) {
    return undefined;
  }
}

/** A top-level module's gate (docs/protocol.md §6): runs a statement, noting the calls it makes, unless this instance skips its top level. */
export function hotGate(commit) {
  return commit && commit.top ? commit.top : function (run) {
    return run();
  };
}

/** Every cell of `slot` still alive (with @mighty-patcher/runtime loaded, later instances' cells are held weakly in `later`). */
function cellsOf(slot) {
  return slot.cells.concat(slot.later ? slot.later.map(function (ref) { return ref.deref(); }) : []).filter(Boolean);
}

// Methods the new version adds to a class or object (keys it did not have, such as `Repo.prototype.double`) are
// defined on the previous instances' homes too, found through a method of the same home that they had: the
// instances made before the edit, whose patched methods may call them, have them (docs/protocol.md §6).
function addMembers(registry, prefix, before) {
  var added = [], homes = new globalThis.Map();
  registry.slots.forEach(function (slot, key) {
    var name = key.slice(prefix.length), member = /^([\w$.]+)\.([\w$]+)(?::(?:get|set))?$/.exec(name);
    if (key.slice(0, prefix.length) !== prefix || !member) return;
    var cells = cellsOf(slot), home = cells.length ? cells[cells.length - 1].home : undefined;
    if (!home) return;
    if (before.slots.has(slot)) {
      // A method the previous instances had: their homes, by its home's name.
      var old = homes.get(member[1]) || [];
      cells.forEach(function (cell) {
        if (before.cells.has(cell) && cell.home && cell.home !== home && old.indexOf(cell.home) < 0) old.push(cell.home);
      });
      homes.set(member[1], old);
    } else {
      added.push({ name: name, home: member[1], key: member[2], from: home });
    }
  });
  var defined = [];
  added.forEach(function (member) {
    var descriptor = globalThis.Object.getOwnPropertyDescriptor(member.from, member.key);
    if (!descriptor) return;
    (homes.get(member.home) || []).forEach(function (home) {
      if (!globalThis.Object.prototype.hasOwnProperty.call(home, member.key)) globalThis.Object.defineProperty(home, member.key, descriptor);
      if (defined.indexOf(member.name) < 0) defined.push(member.name);
    });
  });
  return defined;
}

function snapshot(registry, prefix) {
  var slots = new globalThis.Map(), cells = new globalThis.Map();
  registry.slots.forEach(function (slot, key) {
    if (key.slice(0, prefix.length) !== prefix) return;
    slots.set(slot, { fn: slot.fn, version: slot.version });
    cellsOf(slot).forEach(function (cell) {
      cells.set(cell, { v: cell.v, impl: cell.impl });
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

/** A cell variable's hash (docs/protocol.md §7): FNV-1a (32 bits) of the UTF-16 code units, a letter `a`-`p` per nibble. */
function hashLetters(text) {
  var h = 0x811c9dc5, letters = "";
  for (var i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  for (var shift = 28; shift >= 0; shift -= 4) letters += String.fromCharCode(97 + ((h >>> shift) & 15));
  return letters;
}

/**
 * After an update, finds each closure in the new source text of the function that makes it (by its guard)
 * and gives the closures that older activations made a runner compiling the new text in their own scope,
 * through their block's evaluator (docs/protocol.md §3.6, §6). Refuses (the glue then passes the update on)
 * when the function changed outside its closures. With `topLevel`, a top-level module's step (§6).
 */
function patchClosures(registry, prefix, names, before, topLevel) {
  var source = globalThis.Function.prototype.toString, patched = [], refused = [], byCell = {};
  // Each cell's variable, named as the plugins name it (docs/protocol.md §7): `_mp_s_` and the FNV-1a hash of
  // the key's name as eight letters, then 2, 3, … for a name already given (two names with one hash), in the order
  // the module declares its cells, which is the order their slots were made.
  registry.slots.forEach(function (slot, key) {
    if (key.slice(0, prefix.length) !== prefix) return;
    var base = "_mp_s_" + hashLetters(key.slice(prefix.length)), name = base;
    for (var n = 2; byCell[name]; n++) name = base + n;
    byCell[name] = slot;
  });
  // A cell's slot: a top-level module's kept scope holds the cell itself; elsewhere by its name. (This file spells no
  // dollar sign: `(?![\s\S])` ends the digits.)
  function slotOfCell(cell) {
    var found = topLevel && topLevel.kept && cellIn(topLevel.kept, cell);
    return found ? found.slot : byCell[cell];
  }
  // A tokenizer of the function's own source text (strings, templates, comments, regular expressions):
  // each bracket's match, so that a closure's parameters and body are found around its guard.
  function scan(text) {
    var tokens = [], open = [], match = {}, templates = [], i = 0, n = text.length, regex = true;
    function push(start, value, expression) {
      tokens.push({ s: start, e: i, v: value });
      regex = !expression;
    }
    function template(start) {
      while (i < n && text[i] !== "`") {
        if (text[i] === "\\") i++;
        else if (text[i] === String.fromCharCode(36) && text[i + 1] === "{") {
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
      var c = text[i], start = i;
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
          if (text[i] === "\\") i++;
          else if (text[i] === "[") while (++i < n && text[i] !== "]") if (text[i] === "\\") i++;
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
        if (c === "(" || c === "[" || c === "{") open.push(tokens.length);
        else if ((c === ")" || c === "]" || c === "}") && open.length) {
          var at = open.pop();
          match[at] = tokens.length;
          match[tokens.length] = at;
        }
        push(start, c, c === ")" || c === "]" || c === "}");
      }
    }
    return { tokens: tokens, match: match };
  }
  // The closure sites of a function's text whose guard reads `cell` (any guarded function with `any`): each one's range, parent and how to compile it.
  function sites(text, any) {
    var scanned = scan(text), tokens = scanned.tokens, match = scanned.match, found = [], m;
    var guard = any ? /if\s*\(\s*(_mp_s_\w+)\s*\??\.\s*v\s*(?:>\s*\d+\s*)?\)\s*return\b/g : /if\s*\(\s*(_mp_s_\w+)\s*\??\.\s*v\s*(?:>\s*\d+\s*)?\)\s*return\s+\1\s*\.\s*impl\s*\(\s*_mp_e\w*\s*,/g;
    var index = {};
    tokens.forEach(function (token, k) {
      index[token.s] = k;
    });
    while ((m = guard.exec(text))) {
      var k = index[m.index], body = k - 1;
      if (k === undefined || !tokens[body] || tokens[body].v !== "{" || match[body] === undefined) return undefined;
      var p = body - 1, first, kind = "function";
      if (tokens[p] && tokens[p].v === "=>") {
        first = tokens[p - 1].v === ")" ? match[p - 1] : p - 1;
      } else if (tokens[p] && tokens[p].v === ")") {
        first = match[p] - 1;
        if (tokens[first].v === "function") {
          // an anonymous function expression
        } else if (tokens[first - 1] && (tokens[first - 1].v === "function" || (tokens[first - 1].v === "*" && tokens[first - 2] && tokens[first - 2].v === "function"))) {
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
      found.push({ cell: m[1], start: tokens[first].s, end: tokens[match[body]].e, kind: kind });
    }
    // Each site's parent: the innermost other site around it (none: the function itself).
    found.forEach(function (site) {
      found.forEach(function (other) {
        if (other !== site && other.start <= site.start && site.end <= other.end && (!site.parent || site.parent.start < other.start)) site.parent = other;
      });
    });
    return found;
  }
  // The text of `site` (of the whole function: none) with the closures it makes masked: what its activations hold.
  function own(text, list, site) {
    var out = "", at = site ? site.start : 0;
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
      if (!fn) compiled.set(evaluate, (fn = evaluate(code)));
      return fn.apply(self, args);
    };
  }
  // Versions written into a compiled text's guards (its own, its closures'), so that they run its body, not a
  // forward: `if (cell.v)` as built and `if (cell.v > K)` become `if (cell.v > <the key's version>)` (protocol §1).
  function current(text) {
    return text.replace(/(if\s*\(\s*)(_mp_s_\w+)(\s*\??\.\s*v)(?:\s*>\s*\d+)?(\s*\))/g, function (all, before, cell, read, after) {
      var other = slotOfCell(cell);
      return other ? before + cell + read + " > " + other.version + after : all;
    });
  }
  function compiled(site, evaluate) {
    var code = site.kind === "method" ? "(function () { var o = { " + current(site.text) + " }, d = globalThis.Object.getOwnPropertyDescriptor(o, globalThis.Reflect.ownKeys(o)[0]); return d.value || d.get || d.set; })()" : "(" + current(site.text) + ")";
    return evaluate ? evaluate(code) : runner(code);
  }
  if (topLevel) return update(topLevel);
  // A top-level module's update: in place (`skipped`: this instance skipped its top level), else said and invalidated.
  function update(options) {
    var console = globalThis.console, hot = options.hot, result, message;
    if (!options.skipped) {
      message = options.ran && options.ran.length
        ? options.ran.join(", ") + " ran while the module loaded (what " + (options.ran.length === 1 ? "it" : "they") + " made keeps the old code), so its top level ran again"
        : (options.kept && options.kept.content === options.scope.content ? "a module it imports changed" : "it changed outside function bodies") + " and its top level runs code (listeners, timers), which ran again";
    } else {
      try {
        result = inPlace(options.skipped, options.kept);
      } catch (error) {
        result = { patched: [], refused: ["its new functions could not be compiled in the running instance (" + error + ")"] };
      }
      if (!result.refused.length) {
        options.kept.content = options.scope.content;
        options.kept.bodies = options.scope.bodies;
        options.kept.values = globalThis.Object.assign(options.kept.values || {}, options.values);
        if (result.patched.length) console.info("[mighty-patcher] patched " + options.moduleId + ": " + result.patched.join(", ") + " (" + result.patched.length + (result.patched.length === 1 ? " function)" : " functions)"));
        return;
      }
      message = result.refused.join("; ") + "; the previous code keeps running";
    }
    message = "[mighty-patcher] " + options.moduleId + ": " + message;
    console.warn(message + "; the update goes on to the modules importing it, as without the plugin");
    if (typeof hot.invalidate === "function") hot.invalidate(message);
  }
  // A top-level module's instance that skipped its top level (docs/protocol.md §6): every function of the
  // module as this version has it (its own functions, and those found in the skipped top-level code), each
  // changed one compiled in the kept scope; the live instance's functions run the rest.
  function inPlace(skipped, kept) {
    var texts = {}, refused = [], changed = [], keys = [], applied = kept.texts || (kept.texts = {});
    function collect(text) {
      var list = sites(text, true);
      if (!list) refused.push("a function's guard was not found");
      (list || []).forEach(function (site) {
        var slot = slotOfCell(site.cell);
        if (slot) texts[slot.key] = { text: text.slice(site.start, site.end), kind: site.kind };
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
      var name = key.slice(prefix.length), was = before.slots.get(slot);
      if (key.slice(0, prefix.length) !== prefix || name.indexOf("/") >= 0) return;
      if (!was || !was.fn) return refused.push(name + " is new");
      keys.push(slot);
      var old = applied[key], now = texts[key];
      if (!old) {
        var mine = sites(source.call(was.fn), true);
        if (mine && mine[0]) old = { text: source.call(was.fn).slice(mine[0].start, mine[0].end), kind: mine[0].kind };
      }
      if (!old || !now) return refused.push(name + " was not found");
      if (old.text === now.text) return;
      var inner = false;
      registry.slots.forEach(function (other, otherKey) {
        if (otherKey.slice(0, key.length + 1) === key + "/") inner = true;
      });
      if (inner) return refused.push(name + " makes closures (not patched in a module whose top level runs code)");
      changed.push({ slot: slot, name: name, site: now });
    });
    // The live instance runs every function (its cells as before; this instance's cells forward to it).
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
    if (refused.length) return { patched: [], refused: refused };
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
    return { patched: changed.map(function (change) { return change.name; }), refused: [] };
  }
  names.forEach(function (name) {
    var slot = registry.slots.get(prefix + name), was = before.slots.get(slot), now = source.call(slot.fn), then = source.call(was.fn);
    var after = sites(now), earlier = sites(then);
    if (!after || !earlier || own(now, after) !== own(then, earlier)) {
      refused.push(name);
      return;
    }
    function earlierOf(site) {
      return site && earlier.filter(function (other) {
        return other.cell === site.cell;
      })[0];
    }
    // A changed closure's earlier instances run its new text when the activations that made them hold the same
    // variables: its parent (the function, or a closure: curried middleware) changed only inside its closures.
    var changed = after.filter(function (site) {
      var old = earlierOf(site);
      if (!old || then.slice(old.start, old.end) === now.slice(site.start, site.end) || !slotOfCell(site.cell)) return false;
      var parent = site.parent, parentBefore = earlierOf(parent);
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
      var closure = slotOfCell(site.cell), impl = compiled({ text: now.slice(site.start, site.end), kind: site.kind });
      before.cells.forEach(function (old, cell) {
        if (cell.slot === closure) {
          cell.v = closure.version;
          cell.impl = impl;
        }
      });
      patched.push(closure.key.slice(prefix.length));
    });
  });
  return { patched: patched, refused: refused };
}

// A top-level module's instance (its `scope`'s `load`) whose top level runs (docs/protocol.md §6): from its
// first gate to a task after the page has loaded (see `end`), the first call of each of its
// functions goes through a recorder that notes the function in `scope.ran` and steps aside (no cost on later
// calls). Returns the function that ends the load; `skip`: whether this instance skips its top level (`kept`'s
// code changed inside function bodies only, none of them one that ran while it loaded; `ran`: those that did).
function startLoad(scope, kept, prefix) {
  var symbol = globalThis.Symbol.for("mighty-patcher.registry"), existing = new globalThis.Set(), open = true, armed = false;
  function each(visit) {
    var registry = globalThis[symbol];
    if (registry) registry.slots.forEach(function (slot, key) {
      if (key.slice(0, prefix.length) !== prefix) return;
      cellsOf(slot).forEach(function (cell) {
        visit(cell, key.slice(prefix.length));
      });
    });
  }
  // Earlier instances' cells: this instance's prologue makes the others.
  each(function (cell) {
    existing.add(cell);
  });
  // The load ends a task after the page's load event (after this top level, once the page has loaded), so
  // one-shot callbacks of the page's start (DOMContentLoaded, load, setTimeout(init)) count as the load too.
  var ending = false;
  var close = function () {
    open = false;
  };
  var end = function () {
    if (ending) return;
    ending = true;
    var page = globalThis.document;
    if (page && page.readyState !== "complete") globalThis.addEventListener("load", function () { globalThis.setTimeout(close, 0); });
    else globalThis.setTimeout(close, 0);
  };
  var body = !!(kept && kept.shape === scope.shape && kept.content !== scope.content && kept.bodies);
  end.ran = body ? (kept.ran || []).filter(function (name) { return kept.bodies[name] !== scope.bodies[name]; }) : [];
  end.skip = body && !end.ran.length;
  // Whether a text holds a changed function: one of their cells appears in it.
  end.changed = function (code) {
    return (code.match(/_mp_s_\w+/g) || []).some(function (name) {
      var cell = cellIn(kept, name), key = cell && cell.slot && cell.slot.key.slice(prefix.length);
      return !!key && kept.bodies[key] !== scope.bodies[key];
    });
  };
  scope.ran = [];
  end.top = function (run) {
    if (!armed) {
      armed = true;
      each(function (cell, name) {
        // A new instance's cell has no `v` yet (docs/protocol.md §2); a forwarding one is left alone.
        if (existing.has(cell) || cell.v > 0 || name.indexOf("/") >= 0) return;
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
