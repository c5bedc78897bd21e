export class Cart {
  constructor() {
    this.items = [10, 20];
  }
  total() {
    return this.items.reduce((sum, price) => sum + price, 0);
  }
}
