export class Account {
  constructor(balance) {
    this.balance = balance;
  }
  deposit(amount) {
    this.balance += amount + 1;
    return this;
  }
}
export function open(balance) {
  return new Account(balance);
}
