// Helpers their activation only calls (docs/protocol.md §3.6) are no closure sites: no guard, no evaluator. A
// helper is the one value of a name that is only ever called, by its function or by helpers of it, and makes
// only helpers; anything else that may outlive the call that made it stays a closure site.
export function parse(text) {
  // Helpers: a declaration calling itself, a variable's function, an arrow, one assigned once to a `var` (in a
  // statement, in a sequence, called at once), one calling another, one that makes a helper of its own.
  function digit(c) {
    return c >= '0' && c <= '9' ? 1 + (c === '0' ? 0 : digit('0')) : 0;
  }
  var skip = function (at) {
    return text[at] === ' ' ? skip(at + 1) : at;
  };
  const next = (at) => skip(at) + 1;
  var loop;
  loop = function (at) {
    return at < text.length && digit(text[at]) ? loop(next(at)) : at;
  };
  function outer(at) {
    function inner(k) {
      return k + 1;
    }
    return inner(at);
  }
  var first, once;
  return (first = function (at) {
    return at;
  }), (once = function (at) {
    return at + 1;
  })(loop(first(outer(0))));
}

export function escapes(list) {
  // Closure sites: passed as a value, called by a closure that outlives the call, in a nested block (a sloppy
  // function's name is bound in the function's scope too), assigned twice, read by a class field, called as
  // `h?.()` or with `new`, async, making a closure that it returns, assigned where another name gets it too, a
  // function expression with a name of its own (a second name), or one reading `arguments.callee`.
  function passed(x) {
    return x;
  }
  function byClosure(x) {
    return x + 1;
  }
  if (list) {
    function nested(x) {
      return x;
    }
    nested(1);
  }
  var twice = function (x) {
    return x;
  };
  twice = function (x) {
    return x + 2;
  };
  const byField = () => 3;
  const optional = () => 4;
  function Made() {
    this.value = 5;
  }
  async function later() {
    return 6;
  }
  function maker() {
    return () => 7;
  }
  class Holder {
    value = byField();
  }
  var alias, aliased;
  alias = aliased = function () {
    return 8;
  };
  aliased();
  const step = function step() {
    return step;
  };
  function poll() {
    return arguments.callee;
  }
  step();
  poll();
  optional?.();
  new Made();
  later();
  twice(0);
  return [list.map(passed), () => byClosure(1), Holder, maker()];
}

export async function load(read) {
  // In an async function (or a generator), whose activation outlives a save, a helper is a closure site.
  function decode(text) {
    return JSON.parse(text);
  }
  return decode(await read());
}
