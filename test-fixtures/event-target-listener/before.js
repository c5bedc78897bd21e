export function handle(event) {
  event.target.seen.push(`v1:${event.type}`);
}
