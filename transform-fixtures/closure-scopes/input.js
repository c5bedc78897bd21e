// Where each closure's evaluator goes (docs/protocol.md §3.6): the innermost block that makes it, after
// the guard and the function declarations before it; a loop body that is not a block becomes one; none in
// a loop's head, a switch case or a catch clause's pattern. A method's key and a switch's discriminant
// belong to the scope around them.
export function scopes(items, key) {
  function first() {
    return () => 1;
  }
  function second() {}
  keep(first, second);
  use(() => 2);
  for (const item of items) use(() => item);
  for (const fn of [() => 3]) fn();
  do use(() => 4); while (items.pop());
  try {
    use(() => 5);
  } catch ({ message = () => 6 }) {
    use(() => message);
  }
  switch (pick(() => 7)) {
    case 1:
      use(() => 8);
      break;
    default: {
      use(() => 9);
    }
  }
  return {
    [wrap(() => key)]() {
      return () => 10;
    },
  };
}
