export let compute = function (a, b) {
  return a + b;
};
