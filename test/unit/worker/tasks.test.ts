import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as core from '../../../src/core/index';
import type { TaskInput } from '../../../src/host/worker/protocol';
import { runTask } from '../../../src/host/worker/tasks';
import { checkPayload, derivationPayload, jacobianPayload } from '../../../src/protocol/messages';
import { validate } from '../../../src/protocol/schema';

const example = (name: string) => readFileSync(join(__dirname, '../../../examples', name), 'utf8');
const input = (text: string, languageId = 'python', fileName = 'model.py'): TaskInput => ({ text, languageId, fileName, dims: {}, wasmDir: '' });
const doc = { uri: 'file:///model.py', name: 'model.py', version: 1, languageId: 'python' };
const valid = <T>(schema: Parameters<typeof validate<T>>[0], value: unknown) => {
  const r = validate(schema, value);
  assert.ok(r.ok, r.ok ? '' : r.error);
};

describe('worker tasks (what the editor runs off its main thread)', () => {
  it('check: a correct two-layer net gets one correct verdict per hand-written gradient, with the settings in the log', async () => {
    const out = await runTask(core, { task: 'check', input: input(example('two_layer_net.py')), doc, defaultBatch: 8, elementBudget: 50e6 });
    assert.deepEqual(out.counts, { correct: 6, wrong: 0, unchecked: 0 });
    assert.equal(out.loss, 'loss');
    assert.ok(out.problems.every((p) => p.code === 'grad-correct' && p.severity === 'info'));
    valid(checkPayload, out.payload);
    assert.match(out.log.join('\n'), /rtol 0\.001, atol 0\.00001/);
    assert.match(out.log.join('\n'), /line \d+: ok dW2 is correct/);
  });

  it('check: a missing 1/N is an error naming the factor, and the panel gets a heat map of analytic − numeric', async () => {
    const text = example('two_layer_net.py').replace('dscores /= N\n', '');
    const out = await runTask(core, { task: 'check', input: input(text), doc, defaultBatch: 8, elementBudget: 50e6 });
    const dW2 = out.payload.gradients.find((g) => g.name === 'dW2');
    assert.ok(dW2);
    assert.equal(dW2.verdict, 'wrong');
    assert.equal(dW2.mistake, 'scaled');
    assert.match(dW2.message, /off by a factor of 1\/N/);
    assert.ok(dW2.heatmap, 'a heat map for the wrong gradient');
    assert.deepEqual(dW2.heatmap.shape, [16, 5]);
    assert.equal(dW2.heatmap.rows * dW2.heatmap.cols, 80);
    const error = out.problems.find((p) => p.code === 'grad-mismatch' && /dW2/.test(p.message));
    assert.equal(error?.severity, 'error');
    valid(checkPayload, out.payload);
  });

  it('check: honours a selection (only the gradients in it are judged)', async () => {
    const text = example('two_layer_net.py');
    const start = text.indexOf('dW1 = ');
    const out = await runTask(core, { task: 'check', input: { ...input(text), range: { start, end: text.indexOf('\n', start) } }, doc, defaultBatch: 8, elementBudget: 50e6 });
    assert.deepEqual(out.payload.gradients.map((g) => g.name), ['dW1']);
  });

  it('variables: the seed in math notation offers C, B, A (in the order C·B·A uses them), Y, then X', async () => {
    const out = await runTask(core, { task: 'variables', input: input(example('seed.md'), 'markdown', 'seed.md') });
    assert.equal(out.loss, 'E');
    assert.deepEqual(out.inputs, ['C', 'B', 'A', 'Y']);
    assert.deepEqual(out.intermediates, ['X']);
  });

  it('derive: dE/dC of the seed notes is verified, with Aᵀ·Bᵀ, LaTeX to copy and NumPy code', async () => {
    const out = await runTask(core, { task: 'derive', input: input(example('seed.md'), 'markdown', 'seed.md'), wrt: 'C' });
    assert.ok(out.ok);
    assert.match(out.summary, /^dE\/dC = .*Aᵀ·Bᵀ$/);
    assert.match(out.latex ?? '', /^\\frac\{\\partial E\}\{\\partial C\} = /);
    assert.match(out.numpy ?? '', /def gradient\(/);
    assert.equal(out.payload.status, 'verified');
    assert.deepEqual(out.payload.wrtOptions, ['C', 'B', 'A', 'Y', 'X']);
    assert.ok(out.payload.steps.length > 2);
    assert.match(out.log.join('\n'), /steps:/);
    valid(derivationPayload, out.payload);
  });

  it('derive: code without a loss says so instead of showing anything', async () => {
    const out = await runTask(core, { task: 'derive', input: input('import numpy as np\nA = np.random.randn(3, 4)\nB = A @ A.T\n'), wrt: 'A' });
    assert.equal(out.ok, false);
    assert.equal(out.payload.status, 'failed');
    assert.equal(out.payload.gradient, null);
    assert.match(out.summary, /no scalar loss/);
  });

  it('jacobian: the seed in NumPy defaults to ∂vec(E)/∂vec(C)ᵀ, with a picture, and follows the chosen input', async () => {
    const first = await runTask(core, { task: 'jacobian', input: input(example('seed.py')), wrt: null, pictures: true });
    assert.equal(first.wrt, 'C');
    assert.ok(first.payload);
    assert.equal(first.payload.of, 'E');
    assert.ok(first.payload.chain?.pattern, 'the chain has a sparsity picture');
    valid(jacobianPayload, first.payload);
    const chosen = await runTask(core, { task: 'jacobian', input: input(example('seed.py')), wrt: 'S', pictures: true });
    assert.equal(chosen.payload?.wrt, 'S');
    const gone = await runTask(core, { task: 'jacobian', input: input(example('seed.py')), wrt: 'nope', pictures: false });
    assert.equal(gone.wrt, 'C');
    assert.equal(gone.payload?.chain?.pattern, null, 'no picture in the quick pass');
    assert.equal(gone.payload?.chain?.structure, first.payload.chain?.structure);
  });

  it('jacobian: nothing to show for text without operations', async () => {
    const out = await runTask(core, { task: 'jacobian', input: input('# nothing here\n'), wrt: null, pictures: true });
    assert.equal(out.payload, null);
  });
});
