import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkGradients } from '../../../src/core/check/index';

const TEXT = readFileSync(join(__dirname, '../../fixtures/models/torch_modulelist_backward.py'), 'utf8');
const verdicts = async (text: string) => (await checkGradients(text, { language: 'python', seed: 2 })).gradients.map((g) => `${g.name}: ${g.verdict}`);

describe('check: the gradients kept by each of several module instances', () => {
  it('judges each block’s self.dW against that block’s own W', async () => {
    const got = await verdicts(TEXT);
    assert.deepEqual(got.filter((v) => v.includes('.dW')).sort(), ['blocks.0.dW: correct', 'blocks.1.dW: correct']);
  });

  it('finds the mistake in the block whose backward has it, and only there', async () => {
    // Only the second block scales its gradient (by 2).
    const text = TEXT.replace('Block(6, 3)', 'Block(6, 3, grad_scale=2.0)');
    assert.notEqual(text, TEXT);
    const got = await verdicts(text);
    assert.deepEqual(got.filter((v) => v.includes('.dW')).sort(), ['blocks.0.dW: correct', 'blocks.1.dW: wrong']);
  });
});
