// The top level runs code and declares a class: not a top-level module (a class's static code and home
// object are not handled by the gates). The module does not accept its own updates; they go to the importers.
class Ticker {
  tick() {
    return Date.now();
  }
}
const ticker = new Ticker();
setInterval(() => ticker.tick(), 1000);
