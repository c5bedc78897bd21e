export class Counter {
  #count = 0;
  bump() {
    this.#count += 1;
    return this.#count;
  }
  label() {
    return 'counter v1';
  }
}
