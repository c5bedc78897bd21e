// A rolling window of latency samples: one instance, made when the store is, lives for the page's life.
export class LatencyWindow {
  private samples: number[] = [];

  constructor(private readonly size: number) {}

  push(ms: number): void {
    this.samples.push(ms);
    if (this.samples.length > this.size) this.samples.shift();
  }

  average(): number {
    if (this.samples.length === 0) return 0;
    return Math.round(this.samples.reduce((sum, ms) => sum + ms, 0) / this.samples.length);
  }

  get summary(): string {
    return `avg ${this.average()} ms over ${this.samples.length}`;
  }
}
