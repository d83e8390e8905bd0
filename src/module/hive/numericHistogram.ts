// The streaming histogram Hive's percentile_approx and histogram_numeric use (Ben-Haim and
// Tom-Tov, "A Streaming Parallel Decision Tree Algorithm"): at most nbins (x, count) bins;
// a new value adds a bin, and over the limit the two closest bins merge. With fewer
// distinct values than bins it is exact, and quantiles interpolate as Hive's do.
export class NumericHistogram {
  private xs: number[] = [];
  private ys: number[] = [];
  constructor(private readonly nbins: number) {}

  add(v: number): void {
    let lo = 0, hi = this.xs.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (this.xs[mid] < v) lo = mid + 1; else hi = mid; }
    if (lo < this.xs.length && this.xs[lo] === v) { this.ys[lo]++; return; }
    this.xs.splice(lo, 0, v);
    this.ys.splice(lo, 0, 1);
    if (this.xs.length > this.nbins) this.trim();
  }

  private trim(): void {
    while (this.xs.length > this.nbins) {
      let best = 0, bestDiff = Infinity;
      for (let i = 0; i < this.xs.length - 1; i++) {
        const d = this.xs[i + 1] - this.xs[i];
        if (d < bestDiff) { bestDiff = d; best = i; }
      }
      const y = this.ys[best] + this.ys[best + 1];
      this.xs[best] = (this.xs[best] * this.ys[best] + this.xs[best + 1] * this.ys[best + 1]) / y;
      this.ys[best] = y;
      this.xs.splice(best + 1, 1);
      this.ys.splice(best + 1, 1);
    }
  }

  count(): number { return this.ys.reduce((a, b) => a + b, 0); }

  bins(): { x: number; y: number }[] { return this.xs.map((x, i) => ({ x, y: this.ys[i] })); }

  quantile(q: number): number {
    const sum = this.count();
    let csum = 0;
    for (let b = 0; b < this.xs.length; b++) {
      csum += this.ys[b];
      if (csum / sum >= q) {
        if (b === 0) return this.xs[0];
        csum -= this.ys[b];
        return this.xs[b - 1] + ((q * sum - csum) * (this.xs[b] - this.xs[b - 1])) / this.ys[b];
      }
    }
    return this.xs[this.xs.length - 1];
  }
}
