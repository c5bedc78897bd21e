let invocations = 0;
module.exports = {
  handler: async (event) => {
    invocations++;
    return { statusCode: 200, body: `hello ${event.name} (${invocations})` };
  },
};
exports = module.exports;
exports.health = function () {
  return 'ok';
};
