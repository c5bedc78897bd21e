let invocations = 0;
module.exports = {
  handler: async (event) => {
    invocations++;
    return { statusCode: 200, body: `Hello, ${event.name}! (${invocations})` };
  },
};
exports = module.exports;
exports.health = function () {
  return 'healthy';
};
