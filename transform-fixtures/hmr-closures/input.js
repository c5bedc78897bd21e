// The closure a call of makeCounter made keeps its old body when the bundler evaluates the module again
// (only the Node runtime compiles a newer body through the evaluator of that call): the module does not
// accept its own updates; they go to the importers.
export function makeCounter(step) {
  let count = 0;
  return () => {
    count += step;
    return count;
  };
}
