export function onTick(log) {
  log.push('v1');
}
