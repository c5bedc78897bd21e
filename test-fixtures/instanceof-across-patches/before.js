export class Account {
  constructor(balance) {
    this.balance = balance;
  }
  deposit(amount) {
    this.balance += amount;
    return this;
  }
}
export function open(balance) {
  return new Account(balance);
}
