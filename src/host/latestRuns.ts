/**
 * Runs keyed by what they analyse (a document, a notebook) where only the latest run of a
 * key may publish: every run takes a ticket, so a slow, stale result never overwrites a
 * newer one, and callers can wait for the run under way.
 */
export class LatestRuns<R> {
  private readonly tickets = new Map<string, number>();
  private readonly running = new Map<string, Promise<R | undefined>>();
  private lastTicket = 0;

  /** `failed` hears of a run that threw; the run then resolves to undefined. */
  constructor(private readonly failed: (key: string, err: unknown) => void) {}

  /** Starts a run; it asks `isLatest()` before publishing and returns undefined when it did not. */
  start(key: string, run: (isLatest: () => boolean) => Promise<R | undefined>): Promise<R | undefined> {
    const ticket = ++this.lastTicket;
    this.tickets.set(key, ticket);
    const promise = run(() => this.tickets.get(key) === ticket).catch((err: unknown) => {
      this.failed(key, err);
      return undefined;
    });
    this.running.set(key, promise);
    void promise.then(() => {
      if (this.running.get(key) === promise) this.running.delete(key);
    });
    return promise;
  }

  /** Marks the runs under way as stale: the input changed and a newer run will follow. */
  supersede(key: string): void {
    this.tickets.set(key, ++this.lastTicket);
  }

  isRunning(key: string): boolean {
    return this.running.has(key);
  }

  /** Resolves once the run under way (if any) has finished. */
  async settled(key: string): Promise<void> {
    await this.running.get(key);
  }

  forget(key: string): void {
    this.tickets.delete(key);
  }
}
