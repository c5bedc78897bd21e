// The module the demo edits while it runs.
export const TAX = 0.2;

export function format(amount) {
  return `$${amount.toFixed(2)}`;
}

export class Cart {
  constructor() {
    this.items = [];
  }
  add(price) {
    this.items.push(price);
    return this;
  }
  total() {
    return this.items.reduce((sum, price) => sum + price, 0) * (1 + TAX);
  }
}

export const describe = (cart) => `${cart.items.length} items, ${format(cart.total())}`;
