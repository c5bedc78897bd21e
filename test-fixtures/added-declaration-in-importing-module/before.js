import { EventEmitter } from 'node:events';

export const orders = new EventEmitter();
let handled = 0;
export const onOrder = (order) => {
  handled++;
  return `order ${order.id}`;
};
export const count = () => handled;
