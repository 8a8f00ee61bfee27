// CS231n's second assignment as students write it: affine, batch norm and ReLU layers as
// forward/backward functions with caches, bn_param read with .get, a softmax loss function.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkGradients } from '../../../src/core/check/index';

const FILE = readFileSync(join(__dirname, '../../fixtures/models/batchnorm_layers.py'), 'utf8');

function edited(from: string, to: string): string {
  assert.ok(FILE.includes(from), `the fixture has no ${from}`);
  return FILE.replace(from, to);
}

const check = async (text: string) => {
  const r = await checkGradients(text, { language: 'python' });
  return { r, byName: new Map(r.gradients.map((g) => [g.name, g])) };
};

describe('check: a batch-norm network written as layer functions', () => {
  it("reads bn_param.get('eps', 1e-5) and judges all twelve gradients correct", async () => {
    const { r } = await check(FILE);
    assert.equal(r.loss, 'loss');
    assert.deepEqual(r.problems.filter((p) => p.severity !== 'info').map((p) => p.message), []);
    assert.equal(r.gradients.length, 12);
    assert.deepEqual(r.gradients.filter((g) => g.verdict !== 'correct').map((g) => g.message), []);
  });

  it('a backward pass that leaves out the mean term of dx: da1 is wrong, and what uses it says so', async () => {
    const { byName } = await check(edited('dx = dx_hat / np.sqrt(var + eps) + dvar * 2 * (x - mu) / N + dmu / N', 'dx = dx_hat / np.sqrt(var + eps) + dvar * 2 * (x - mu) / N'));
    assert.equal(byName.get('da1')?.verdict, 'wrong');
    // dmu / N is the same for every sample: the message says the missing term is a row-independent one.
    assert.match(byName.get('da1')?.message ?? '', /the difference from autodiff is the same in every row, so a term that does not depend on the row .* is missing or wrong/);
    for (const name of ['dX', 'dW1', 'db1']) assert.match(byName.get(name)?.message ?? '', /it uses da1 \(line 89\), which is wrong/, name);
    for (const name of ['dW2', 'db2', 'dgamma1', 'dbeta1', 'dscores']) assert.equal(byName.get(name)?.verdict, 'correct', name);
  });

  it("a 1/N too many in the shared affine backward is named by size, not blamed on the batch norm's means", async () => {
    const { byName } = await check(edited('dw = x.reshape(x.shape[0], -1).T.dot(dout)', 'dw = x.reshape(x.shape[0], -1).T.dot(dout) / x.shape[0]'));
    for (const name of ['dW2', 'dW1']) {
      const g = byName.get(name);
      assert.equal(g?.mistake, 'scaled', name);
      assert.equal(g?.message, `${name} is off by a factor of N (10): the gradient is N = 10 times too small`);
    }
  });
});
