// Derive from analysed code: the seed in NumPy and in math notation, and a two-layer net.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/core/analyze';
import { crossCheck } from '../../../src/core/grad/cross-check';
import { readGraph } from '../../../src/core/grad/from-graph';
import { deriveFromGraph } from '../../../src/core/grad/index';

const example = (f: string) => readFileSync(join(__dirname, '../../../examples', f), 'utf8');

describe('grad: deriving from analysed code', function () {
  this.timeout(60_000);

  it('examples/seed.py: dE/dC, dE/dB, dE/dA, with Y one-hot because the code builds it with eye(10)[y]', async () => {
    const a = await analyze(example('seed.py'), { language: 'python' });
    const want = { C: '(softmax(C·B·A) − Y)·Aᵀ·Bᵀ', B: 'Cᵀ·(softmax(C·B·A) − Y)·Aᵀ', A: 'Bᵀ·Cᵀ·(softmax(C·B·A) − Y)' };
    for (const [wrt, text] of Object.entries(want)) {
      const r = deriveFromGraph(a.graph, 'E', wrt);
      assert.ok(r.ok, r.ok ? '' : r.error);
      assert.equal(r.gradient.text, text);
      assert.deepEqual(r.assumptions, ['rows of Y sum to 1']);
      assert.match(r.steps[r.steps.length - 1].text, /Y is one-hot in the code/);
      assert.ok(r.verified.maxRelError < 1e-6);
    }
  });

  it('examples/seed.py: the gradient with respect to a named intermediate, dE/dZ = S − Y', async () => {
    const a = await analyze(example('seed.py'), { language: 'python' });
    const r = deriveFromGraph(a.graph, 'E', 'Z');
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.gradient.text, 'softmax(Z) − Y');
  });

  it('examples/seed.md: the general form (nothing says Y is one-hot), with the hint', async () => {
    const a = await analyze(example('seed.md'), { language: 'math' });
    const r = deriveFromGraph(a.graph, 'E', 'C');
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.gradient.text, '(Diag(Y·1)·softmax(C·B·A) − Y)·Aᵀ·Bᵀ');
    assert.deepEqual(r.assumptions, []);
    assert.ok(r.steps[0].text.includes('X = softmax(Z)'), 'the note names its softmax X');
  });

  it('examples/two_layer_net.py: −mean(log probs[arange(N), y]) read as cross-entropy with one-hot labels', async () => {
    const a = await analyze(example('two_layer_net.py'), { language: 'python' });
    const r = deriveFromGraph(a.graph, 'loss', 'W2');
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.gradient.text, '(relu(X·W1 + b1ᵀ)ᵀ·(softmax(relu(X·W1 + b1ᵀ)·W2 + b2ᵀ) − Y)) / 8');
    const b1 = deriveFromGraph(a.graph, 'loss', 'b1');
    assert.ok(b1.ok, b1.ok ? '' : b1.error);
  });

  it('reads each spelling of a written-out softmax as softmax(Z), and dE/dZ_shift through the shifted scores', async () => {
    const head = ['import numpy as np', 'from scipy.special import logsumexp', 'Z = np.random.randn(8, 10)', 'y = np.random.randint(0, 10, size=8)', 'Y = np.eye(10)[y]'];
    const spellings = [
      ['Z_shift = Z - Z.max(axis=1, keepdims=True)', 'S = np.exp(Z_shift) / np.exp(Z_shift).sum(axis=1, keepdims=True)'],
      ['S = np.exp(Z) / np.sum(np.exp(Z), axis=1, keepdims=True)'],
      ['Z_shift = Z - logsumexp(Z, axis=1, keepdims=True)', 'S = np.exp(Z_shift)'],
    ];
    for (const lines of spellings) {
      const a = await analyze([...head, ...lines, 'E = -np.sum(Y * np.log(S))'].join('\n'), { language: 'python' });
      const r = deriveFromGraph(a.graph, 'E', 'Z');
      assert.ok(r.ok, r.ok ? '' : r.error);
      assert.equal(r.gradient.text, 'softmax(Z) − Y', lines.join('; '));
    }
    const a = await analyze([...head, ...spellings[0], 'E = -np.sum(Y * np.log(S))'].join('\n'), { language: 'python' });
    const r = deriveFromGraph(a.graph, 'E', 'Z_shift');
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.gradient.text, 'softmax(Z_shift) − Y');
  });

  it('says why when it cannot', async () => {
    const a = await analyze('import numpy as np\nX = np.random.randn(4, 3)\nW = np.random.randn(3, 2)\nL = np.max(X @ W)\n', { language: 'python' });
    const r = deriveFromGraph(a.graph, 'L', 'W');
    assert.ok(!r.ok);
    assert.equal(r.reason, 'derive');
    assert.match(r.error, /cannot differentiate .*max/);
    const missing = deriveFromGraph(a.graph, 'L', 'Q');
    assert.ok(!missing.ok && missing.reason === 'input');
  });
});

describe('grad: the cross-check of what was read from the code', () => {
  it('catches an expression that does not reproduce the code', async () => {
    const a = await analyze(example('seed.py'), { language: 'python' });
    const lossId = a.graph.names.get('E') as number;
    const reading = readGraph(a.graph, lossId, a.graph.names.get('C') as number);
    assert.equal(crossCheck(a.graph, lossId, reading), null);
    const misread = { ...reading, loss: reading.x.mul(reading.x.num(2), reading.loss) };
    assert.match(crossCheck(a.graph, lossId, misread) ?? '', /does not reproduce the code's value/);
  });
});
