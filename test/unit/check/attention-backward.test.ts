// Self-attention's backward pass by hand: the square T×T score matrix makes a missing
// transpose inside a product shape-correct, so only the values tell, and the check says which.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkGradients } from '../../../src/core/check/index';

const FILE = readFileSync(join(__dirname, '../../fixtures/models/attention_backward.py'), 'utf8');

function edited(from: string, to: string): string {
  assert.ok(FILE.includes(from), `the fixture has no ${from}`);
  return FILE.replace(from, to);
}

describe("check: mistakes in self-attention's backward pass", () => {
  it('the attention backward as written is correct throughout', async () => {
    const r = await checkGradients(FILE, { language: 'python' });
    assert.equal(r.gradients.length, 9);
    assert.deepEqual(r.gradients.filter((g) => g.verdict !== 'correct').map((g) => g.message), []);
  });

  it('dK = dS @ Q (for dS.T @ Q) names dS as the operand to transpose', async () => {
    const r = await checkGradients(edited('dK = dS.T @ Q / np.sqrt(d)', 'dK = dS @ Q / np.sqrt(d)'), { language: 'python' });
    const dK = r.gradients.find((g) => g.name === 'dK');
    assert.equal(dK?.mistake, 'transposed');
    assert.equal(dK?.message, 'dK has dS where its transpose is needed, in the product `dS @ Q` (line 26)');
    assert.equal(r.gradients.find((g) => g.name === 'dQ')?.verdict, 'correct');
  });

  it('dV = A @ dout (for A.T @ dout): the left operand; a mistake that is no transpose is not called one', async () => {
    const r = await checkGradients(edited('dV = A.T @ dout', 'dV = A @ dout'), { language: 'python' });
    assert.match(r.gradients.find((g) => g.name === 'dV')?.message ?? '', /^dV has A where its transpose is needed/);
    const other = await checkGradients(edited('dS = A * (dA - np.sum(dA * A, axis=1, keepdims=True))', 'dS = A * dA'), { language: 'python' });
    assert.equal(other.gradients.find((g) => g.name === 'dS')?.mistake, 'wrong');
  });

  it("the softmax's backward without its Σ term: the difference is A times one number per row, and the message says so", async () => {
    const r = await checkGradients(edited('dS = A * (dA - np.sum(dA * A, axis=1, keepdims=True))', 'dS = A * dA'), { language: 'python' });
    assert.match(r.gradients.find((g) => g.name === 'dS')?.message ?? '', /the difference from autodiff is A times one number per row, so a term that multiplies A by a sum over its row .* is missing or wrong/);
    // A mistake of another kind is not explained so: dS scaled wrongly in one column only.
    const other = await checkGradients(edited('dS = A * (dA - np.sum(dA * A, axis=1, keepdims=True))', 'dS = A * (dA - np.sum(dA * A, axis=1, keepdims=True)) * (np.arange(T) > 0)'), { language: 'python' });
    assert.doesNotMatch(other.gradients.find((g) => g.name === 'dS')?.message ?? '', /times one number per row/);
  });
});
