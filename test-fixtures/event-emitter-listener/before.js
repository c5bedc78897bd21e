export function onOrder(log, order) {
  log.push(`v1:${order}`);
}
