import assert from 'node:assert/strict';
import { Debouncer } from '../../../src/host/debounce';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Debouncer: one pending call per key', () => {
  it('runs only the last call scheduled for a key, and each key on its own', async () => {
    const calls: string[] = [];
    const debouncer = new Debouncer();
    debouncer.schedule('a', 20, () => calls.push('a1'));
    debouncer.schedule('a', 20, () => calls.push('a2'));
    debouncer.schedule('b', 20, () => calls.push('b'));
    await sleep(60);
    assert.deepEqual(calls.sort(), ['a2', 'b']);
  });

  it('drops a cancelled call and every pending one when disposed', async () => {
    const calls: string[] = [];
    const debouncer = new Debouncer();
    debouncer.schedule('a', 10, () => calls.push('a'));
    debouncer.cancel('a');
    debouncer.schedule('b', 10, () => calls.push('b'));
    debouncer.dispose();
    await sleep(40);
    assert.deepEqual(calls, []);
  });
});
