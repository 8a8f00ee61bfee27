// TensorFlow 2 written by hand: a forward function returning two values under a GradientTape,
// and the backward pass written with tf.matmul(..., transpose_a=True) and a cast mask.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkGradients } from '../../../src/core/check/index';

const FILE = readFileSync(join(__dirname, '../../fixtures/models/tf_manual_backward.py'), 'utf8');

describe('check: a TensorFlow backward pass written by hand', () => {
  it('judges all six: dh is the gradient of the h the forward function returned, the cast mask is read', async () => {
    const r = await checkGradients(FILE, { language: 'python' });
    assert.equal(r.loss, 'loss');
    assert.deepEqual(r.gradients.map((g) => [g.name, g.verdict]), [['dlogits', 'correct'], ['dW2', 'correct'], ['db2', 'correct'], ['dh', 'correct'], ['dW1', 'correct'], ['db1', 'correct']]);
  });

  it('without the mask dW1 and db1 are wrong, the layer above stays correct', async () => {
    const text = FILE.replace('dh = dh * tf.cast(h > 0, tf.float32)\n', '');
    assert.notEqual(text, FILE);
    const r = await checkGradients(text, { language: 'python' });
    const verdicts = Object.fromEntries(r.gradients.map((g) => [g.name, g.verdict]));
    assert.deepEqual([verdicts.dW2, verdicts.db2, verdicts.dW1, verdicts.db1], ['correct', 'correct', 'wrong', 'wrong']);
  });
});
