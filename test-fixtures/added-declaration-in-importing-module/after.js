import { EventEmitter } from 'node:events';

export const orders = new EventEmitter();
let handled = 0;
export const onOrder = (order) => {
  handled++;
  return label(order);
};
export const count = () => handled;

function label(order) {
  return `order #${order.id}`;
}
