var format = function (value) {
  return value + ' €';
};
module.exports = { format: format };
