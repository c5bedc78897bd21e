export interface Item {
  name: string;
  price: number;
}
export enum Currency {
  USD = 'USD',
  EUR = 'EUR',
}
declare const ambient: (value: number) => string;
export function format(value: number): string;
export function format(value: number, currency: Currency): string;
export function format(value: number, currency: Currency = Currency.EUR): string {
  return `${currency} ${value.toFixed(2)}`;
}
export class Basket<T extends Item> {
  constructor(private readonly items: T[] = []) {}
  add(item: T): this {
    this.items.push(item);
    return this;
  }
  total(): number {
    return this.items.reduce((sum, item) => sum + item.price * 2, 0);
  }
}
