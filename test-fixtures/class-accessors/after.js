export class Temperature {
  constructor(celsius) {
    this.celsius = celsius;
  }
  get fahrenheit() {
    return Math.round(this.celsius * 1.8 + 32);
  }
  set fahrenheit(value) {
    this.celsius = Math.round((value - 32) / 1.8);
  }
}
