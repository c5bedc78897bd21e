type Listener = () => void;

// A small observable log, read by React through useSyncExternalStore.
export class ActivityLog {
  private entries: readonly string[] = [];
  private readonly listeners = new Set<Listener>();
  private count = 0;

  constructor(private readonly limit: number) {}

  record(text: string): void {
    this.count += 1;
    this.entries = [this.format(text), ...this.entries].slice(0, this.limit);
    this.listeners.forEach((listener) => listener());
  }

  format(text: string): string {
    return `${this.count}. ${text}`;
  }

  subscribe = (listener: Listener) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  snapshot = () => this.entries;
}
