export function Point(x, y) {
  this.x = x;
  this.y = y;
  this.madeBy = new.target;
}
Point.prototype.sum = function () {
  return this.x + this.y;
};
