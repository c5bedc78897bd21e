export function handle(event) {
  event.target.seen.push(`v2:${event.type}`);
}
