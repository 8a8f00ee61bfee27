import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/core/analyze';
import { checkGradients } from '../../../src/core/check/index';

/** Everyday NumPy: default_rng generators, hstack/vstack, var/std with axis and keepdims, clip, where. */
const TEXT = readFileSync(join(__dirname, '../../fixtures/models/numpy_everyday.py'), 'utf8');
const py = (text: string) => analyze(text, { language: 'python' });
const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

describe('trace: everyday NumPy', () => {
  it('gives every line its shape', async () => {
    const a = await py(TEXT);
    assert.deepEqual(a.problems, []);
    const shapes = Object.fromEntries(a.layers.map((l) => [l.name, l.shape]));
    assert.deepEqual(shapes, { X: [8, 5], Z: [8, 3], y: [8], U: [8, 5], H: [8, 8], V: [16, 5], m: [1, 5], v: [5], s: [8, 1], c: [8, 5], w: [8, 5] });
  });

  it('reports stacking arrays that do not fit on the line', async () => {
    const text = TEXT.replace('np.vstack([X, U])', 'np.vstack([X, Z])');
    const a = await py(text);
    assert.equal(a.problems.length, 1);
    assert.equal(lineOf(text, a.problems[0].span.start), 8);
  });

  it('computes var and std exactly: a hand-written gradient through them checks correct', async () => {
    const text = [
      'import numpy as np',
      'rng = np.random.default_rng(1)',
      'x = rng.normal(size=(6, 4))',
      'mu = x.mean(axis=0, keepdims=True)',
      'var = x.var(axis=0, keepdims=True)',
      'loss = np.sum(var)',
      'N = x.shape[0]',
      'dx = 2 * (x - mu) / N',
      '',
    ].join('\n');
    const r = await checkGradients(text, { language: 'python' });
    assert.deepEqual(r.gradients.map((g) => `${g.name}:${g.verdict}`), ['dx:correct']);
  });
});
