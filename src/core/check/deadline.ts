/**
 * How long the check runs without letting the event loop turn. The numeric work is
 * synchronous, so an AbortSignal is only seen (abort() only runs) when the check yields;
 * it yields between steps and between finite-difference probes once a slice has passed.
 */
const SLICE_MS = 8;

/** Cancellation and the time budget, checked between the steps of a check. */
export class Deadline {
  private readonly start = performance.now();
  private lastYield = performance.now();

  constructor(
    private readonly signal: AbortSignal | undefined,
    private readonly budgetMs: number,
  ) {}

  /** Throws an AbortError when the caller cancelled. */
  check(): void {
    if (this.signal?.aborted) {
      const err = new Error('the gradient check was cancelled');
      err.name = 'AbortError';
      throw err;
    }
  }

  /** Lets the event loop run when a slice has passed since it last did, then throws an AbortError if cancelled. */
  async pause(): Promise<void> {
    this.check();
    if (performance.now() - this.lastYield < SLICE_MS) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.lastYield = performance.now();
    this.check();
  }

  get expired(): boolean {
    return performance.now() - this.start > this.budgetMs;
  }

  get elapsed(): number {
    return performance.now() - this.start;
  }
}
