export class Counter {
  #count = 0;
  bump() {
    this.#count += 100;
    return this.#count;
  }
  label() {
    return 'counter v2';
  }
}
