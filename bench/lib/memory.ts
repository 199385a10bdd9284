/**
 * Peak memory of the whole process, worker threads included (threads share the process's RSS):
 * RSS sampled every 25 ms, and the kernel's own high-water mark (resourceUsage().maxRSS) at the end.
 */
export class MemorySampler {
  private peak = process.memoryUsage.rss();
  private readonly timer: NodeJS.Timeout;
  private result: { peakRssMb: number; maxRssMb: number } | null = null;

  constructor(intervalMs = 25) {
    this.timer = setInterval(() => {
      const r = process.memoryUsage.rss();
      if (r > this.peak) this.peak = r;
    }, intervalMs);
    this.timer.unref();
  }

  /** Sample now: synchronous loops starve the timer, so callers sample at the points they know are high. */
  sample(): void {
    const r = process.memoryUsage.rss();
    if (r > this.peak) this.peak = r;
  }

  stop(): { peakRssMb: number; maxRssMb: number } {
    if (!this.result) {
      clearInterval(this.timer);
      this.sample();
      this.result = { peakRssMb: this.peak / 2 ** 20, maxRssMb: process.resourceUsage().maxRSS / 1024 };
    }
    return this.result;
  }
}
