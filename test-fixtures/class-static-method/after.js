export class Money {
  static parse(text) {
    return { cents: Math.round(Number(text) * 100), currency: 'EUR' };
  }
}
