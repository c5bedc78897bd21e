export class Base {
  greet() {
    return 'base';
  }
}
export class Derived extends Base {
  greet() {
    return `derived v2 + ${super.greet()}`;
  }
}
