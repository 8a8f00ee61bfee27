import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/core/analyze';
import { languageFor } from '../../src/core/frontends/frontend';
import { differentiable } from '../../src/core/variables';

const read = async (name: string, text = readFileSync(join(__dirname, '../../examples', name), 'utf8')) =>
  differentiable(await analyze(text, { language: languageFor(name), fileName: name }));

describe('differentiable: what a loss can be differentiated with respect to', () => {
  it('the seed in NumPy: C, B, A in the order C @ B @ A reads them, the one-hot Y, then the intermediates', async () => {
    assert.deepEqual(await read('seed.py'), { loss: 'E', inputs: ['C', 'B', 'A', 'Y'], intermediates: ['Z', 'Z_shift', 'S'] });
  });

  it('the seed in math notation: the same order whatever order the declarations are in', async () => {
    assert.deepEqual(await read('seed.md'), { loss: 'E', inputs: ['C', 'B', 'A', 'Y'], intermediates: ['X'] });
  });

  it('leaves out the hand-written gradients, integer labels and the loss itself', async () => {
    const r = await read('two_layer_net.py');
    assert.equal(r.loss, 'loss');
    assert.deepEqual(r.inputs, ['X', 'W1', 'b1', 'W2', 'b2']);
    assert.deepEqual(r.intermediates, ['hpre', 'h', 'scores', 'shifted', 'probs']);
  });

  it('without a loss, lists the inputs of the last operation', async () => {
    const r = await read('mnist_torch.py');
    assert.equal(r.loss, null);
    assert.deepEqual(r.inputs.slice(0, 2), ['conv1.weight', 'conv1.bias']);
  });

  it('has nothing to offer for text without operations', async () => {
    assert.deepEqual(await read('empty.py', '# nothing\n'), { loss: null, inputs: [], intermediates: [] });
  });
});
