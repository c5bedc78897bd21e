export function Point(x, y) {
  this.x = x * 10;
  this.y = y * 10;
  this.madeBy = new.target;
}
Point.prototype.sum = function () {
  return this.x + this.y;
};
