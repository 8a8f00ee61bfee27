import assert from 'node:assert/strict';
import { LatestRuns } from '../../../src/host/latestRuns';

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('LatestRuns: only the latest run of a key publishes', () => {
  it('tells an older run that a newer one owns the key, and waits for the latest run', async () => {
    const runs = new LatestRuns<string>(() => assert.fail('no run fails'));
    const first = deferred<void>();
    const published: string[] = [];
    const older = runs.start('a', async (isLatest) => {
      await first.promise;
      if (!isLatest()) return undefined;
      published.push('older');
      return 'older';
    });
    assert.ok(runs.isRunning('a'));
    const newer = runs.start('a', async (isLatest) => (isLatest() ? (published.push('newer'), 'newer') : undefined));
    await runs.settled('a');
    assert.equal(await newer, 'newer');
    first.resolve();
    assert.equal(await older, undefined);
    assert.deepEqual(published, ['newer']);
    assert.ok(!runs.isRunning('a'));
  });

  it('lets a superseded run know, keeps keys apart, and reports a run that throws', async () => {
    const failures: string[] = [];
    const runs = new LatestRuns<number>((key, err) => failures.push(`${key}: ${(err as Error).message}`));
    const gate = deferred<void>();
    const a = runs.start('a', async (isLatest) => {
      await gate.promise;
      return isLatest() ? 1 : undefined;
    });
    const b = runs.start('b', async () => 2);
    runs.supersede('a');
    gate.resolve();
    assert.equal(await a, undefined);
    assert.equal(await b, 2);
    assert.equal(await runs.start('c', async () => Promise.reject(new Error('boom'))), undefined);
    assert.deepEqual(failures, ['c: boom']);
  });
});
