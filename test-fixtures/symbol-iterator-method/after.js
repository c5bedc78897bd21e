export class Range {
  constructor(to) {
    this.to = to;
  }
  *[Symbol.iterator]() {
    for (let i = 1; i <= this.to; i++) yield i;
  }
}
