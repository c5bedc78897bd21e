export function onOrder(log, order) {
  log.push(`v2:${order}`);
}
