/** Cancellation and the time budget, checked between the steps of a check. */
export class Deadline {
  private readonly start = performance.now();

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

  get expired(): boolean {
    return performance.now() - this.start > this.budgetMs;
  }

  get elapsed(): number {
    return performance.now() - this.start;
  }
}
