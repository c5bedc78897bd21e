function Scheduler() {
  this.queue = null;
}
Scheduler.prototype.schedule = function () {
  return this.queue;
};
var helper = function () {
  return new Scheduler();
};
