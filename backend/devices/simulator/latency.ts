/**
 * ACK latencies in a fixed log-scale histogram (2% wide buckets from 10 µs to ~100 s), so that a
 * long load test keeps constant memory and device histograms can be merged for the fleet.
 */
const MIN_MS = 0.01;
const RATIO = 1.02;
const BUCKETS = Math.ceil(Math.log(100_000 / MIN_MS) / Math.log(RATIO)) + 1;

export interface LatencySummary {
  count: number;
  min: number; // ms
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export class LatencyHistogram {
  private readonly buckets = new Uint32Array(BUCKETS);
  count = 0;
  sum = 0;
  min = Infinity;
  max = 0;

  record(ms: number): void {
    const value = Math.max(0, ms);
    const index = value <= MIN_MS ? 0 : Math.min(BUCKETS - 1, Math.ceil(Math.log(value / MIN_MS) / Math.log(RATIO)));
    this.buckets[index]!++;
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  merge(other: LatencyHistogram): void {
    for (let i = 0; i < BUCKETS; i++) this.buckets[i]! += other.buckets[i]!;
    this.count += other.count;
    this.sum += other.sum;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
  }

  /** The `q` quantile (0–1), ms: the upper edge of its bucket, clamped to the observed range. */
  quantile(q: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.buckets[i]!;
      if (seen >= rank) return Math.min(this.max, Math.max(this.min, MIN_MS * RATIO ** i));
    }
    return this.max;
  }

  summary(): LatencySummary {
    if (this.count === 0) return { count: 0, min: 0, mean: 0, p50: 0, p90: 0, p99: 0, max: 0 };
    return {
      count: this.count,
      min: this.min,
      mean: this.sum / this.count,
      p50: this.quantile(0.5),
      p90: this.quantile(0.9),
      p99: this.quantile(0.99),
      max: this.max,
    };
  }
}
