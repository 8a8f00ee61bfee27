import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkGradients } from '../../../src/core/index';
import { loadTf } from '../../../src/core/numeric/tfjs/load';

/**
 * Issue 6, memory: checks in a row leave no TensorFlow.js tensor behind, whatever happens
 * in them: correct and wrong gradients, shape errors, NaN in the forward pass, reduced
 * sizes, a time budget that runs out, a cancel in the middle. (The bench runs 1,000 and
 * reports the heap too.)
 */
const ROOT = join(__dirname, '../../..');
const dir = (d: string) => readdirSync(join(ROOT, d)).filter((f) => f.endsWith('.py')).map((f) => readFileSync(join(ROOT, d, f), 'utf8'));

describe('robustness: memory over repeated checks', function () {
  this.timeout(180_000);

  it('30 checks of every kind: tf.memory().numTensors returns exactly to its start', async () => {
    const { tf } = await loadTf();
    const texts = [...dir('test/fixtures/check'), ...dir('test/fixtures/robustness'), readFileSync(join(ROOT, 'examples/two_layer_net.py'), 'utf8')];
    await checkGradients(texts[0], { language: 'python' });
    const start = tf.memory().numTensors;
    for (let i = 0; i < 30; i++) {
      const text = texts[i % texts.length];
      const mode = i % 5;
      if (mode === 3) {
        // Cancelled part-way.
        const ac = new AbortController();
        setTimeout(() => ac.abort(), 5 + i);
        await checkGradients(text, { language: 'python', signal: ac.signal, seed: i }).catch((e: Error) => assert.equal(e.name, 'AbortError'));
      } else {
        await checkGradients(text, { language: 'python', seed: i, timeBudgetMs: mode === 4 ? 5 : undefined });
      }
      assert.equal(tf.memory().numTensors, start, `check ${i} (mode ${mode}) left ${tf.memory().numTensors - start} tensors`);
    }
  });
});
