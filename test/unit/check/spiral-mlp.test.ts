// CS231n's "minimal neural network case study", as written in the course notes: spiral data
// filled in by a loop, labels in a uint8 array, `dscores = probs` modified in place, and a
// training loop of 10,000 steps with the backward pass inside it.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/core/analyze';
import { checkGradients } from '../../../src/core/check/index';

const FILE = readFileSync(join(__dirname, '../../fixtures/models/spiral_mlp.py'), 'utf8');

function edited(from: string, to: string): string {
  assert.ok(FILE.includes(from), `the fixture has no ${from}`);
  return FILE.replace(from, to);
}

describe('check: the spiral-data network of the CS231n notes', () => {
  // dscores itself is not judged: the loss is computed from the array it starts as (probs), and a
  // name the loss depends on is not taken for a gradient. What is computed from it is.
  it('takes `loss` as the loss though `dscores = probs` names the probabilities too, and judges the four parameter gradients correct', async () => {
    const r = await checkGradients(FILE, { language: 'python' });
    assert.equal(r.loss, 'loss');
    assert.deepEqual(r.gradients.map((g) => [g.name, g.verdict]), [['db2', 'correct'], ['db', 'correct'], ['dW2', 'correct'], ['dW', 'correct']]);
  });

  it('reads the data as data: labels of dtype uint8 are integers, X filled by what it cannot read keeps its shape and is no longer zeros', async () => {
    const a = await analyze(FILE, { language: 'python' });
    const node = (name: string) => a.graph.nodes[a.graph.names.get(name) as number];
    assert.equal(node('y').dtype, 'int');
    assert.deepEqual(node('X').shape, [300, 2]);
    assert.equal(node('X').leaf?.fill, 'data');
  });

  it('a forgotten 1/num_examples is named by the name it is written with', async () => {
    const r = await checkGradients(edited('    dscores /= num_examples\n', ''), { language: 'python' });
    const db = r.gradients.find((g) => g.name === 'db');
    assert.equal(db?.mistake, 'scaled');
    assert.equal(db?.message, 'db is off by a factor of 1/num_examples (0.003333): the loss takes the mean over num_examples = 300 samples');
  });

  it('a missing ReLU mask makes dW and db wrong, and leaves the layer above correct', async () => {
    const r = await checkGradients(edited('    dhidden[hidden_layer <= 0] = 0\n', ''), { language: 'python' });
    assert.deepEqual(r.gradients.map((g) => [g.name, g.verdict]), [['db2', 'correct'], ['db', 'wrong'], ['dW2', 'correct'], ['dW', 'wrong']]);
  });

  it('labels kept in a float array (np.zeros without a dtype) are still indices: float32 autodiff, no fallback, no crash', async () => {
    const r = await checkGradients(edited("y = np.zeros(N_per_class * K, dtype='uint8')", 'y = np.zeros(N_per_class * K)'), { language: 'python' });
    assert.equal(r.check?.precision, 'float32');
    assert.deepEqual(r.gradients.map((g) => g.verdict), ['correct', 'correct', 'correct', 'correct']);
  });

  it('a hand gradient overwritten with what Grad Lens cannot read is unchecked, not wrong', async () => {
    const text = 'import numpy as np\nN, D = 4, 3\nX = np.random.randn(N, D)\nW = np.random.randn(D, 2)\nscores = X @ W\nloss = 0.5 * np.sum(scores ** 2)\ndscores = scores\ndW = np.zeros_like(W)\nfor n in range(N):\n    dW[:, 0] = mystery(X[n], dscores[n])\n';
    const r = await checkGradients(text, { language: 'python' });
    assert.deepEqual(r.gradients.map((g) => [g.name, g.verdict, g.message]), [['dW', 'unchecked', 'dW is unchecked: it is built from line 10, whose value Grad Lens could not read']]);
  });
});
