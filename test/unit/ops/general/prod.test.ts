import { strict as assert } from 'node:assert';
import { analyze } from '../../../../src/core/analyze';
import { F64_KERNELS } from '../../../../src/core/numeric/f64/kernels';
import { prod } from '../../../../src/core/ops/general/prod';
import { A, I, type Input } from '../../numeric/kernel-agreement';
import { checkOpModule, derivedFromPython } from '../module-agreement';

/** Entries with zeros: one in the first row, two in the second, none in the third. */
const withZeros: Input = { shape: [3, 3], gen: { values: [0, 1.5, -2, 0, 0, 3, 0.5, -1.2, 2] } };

checkOpModule(prod, {
  cases: [
    { name: 'every entry', inputs: [A(2, 3)] },
    { name: 'along rows, kept', inputs: [A(3, 4)], attrs: { axis: 1, keepdims: true } },
    { name: 'two axes of a 3-D tensor, kept', inputs: [I(2, 3, 2)], attrs: { axis: [0, 2], keepdims: true } },
    { name: 'rows holding one and two zeros', inputs: [withZeros], attrs: { axis: 1 } },
  ],
  python: ['y = numpy.prod(X)', 'y = numpy.product(X, axis=0)', 'y = torch.prod(X, dim=1, keepdim=True)', 'y = tensorflow.reduce_prod(X, axis=1)', 'y = tensorflow.math.reduce_prod(X)', 'y = X.prod(1)'],
});

describe('prod: its values and shapes', () => {
  it('multiplies along the axis', () => {
    const out = F64_KERNELS.prod([{ shape: [2, 3], data: Float64Array.of(1, 2, 3, 4, 5, 6) }], { node: { attrs: { axis: 1, keepdims: false } } } as never);
    assert.deepEqual([...out.data], [6, 120]);
  });

  it('keeps the axes not reduced, symbolic sizes included', async () => {
    const analysis = await analyze('import torch\n# X: (N, D)\np = torch.prod(X, dim=0)\nq = X.prod(1, keepdim=True)\n', { language: 'python' });
    assert.deepEqual(analysis.layers.find((l) => l.name === 'p')?.shape, ['D']);
    assert.deepEqual(analysis.layers.find((l) => l.name === 'q')?.shape, ['N', 1]);
  });
});

describe('prod: Derive Gradient', () => {
  const code = (lines: string) => `import numpy as np\nX = np.random.randn(4, 3)\nw = np.random.randn(4)\n${lines}\n`;

  it('d prod(X) = prod(X) ⊙ sum(dX ⊘ X): the gradient prod(X) ⊘ X, with X free of zeros stated', async () => {
    const r = await derivedFromPython(code('E = np.prod(X)'), 'X');
    assert.deepEqual([r.gradient.text, r.gradient.latex], ['prod(X) ⊘ X', '\\operatorname{prod}\\left(X\\right) \\oslash X']);
    assert.deepEqual(r.assumptions, ['no entry of X is 0']);
    assert.match(r.gradient.numpy, /np\.prod\(X\) \/ X/);
  });

  it('along the rows, each row’s product spread over its entries', async () => {
    const r = await derivedFromPython(code('E = np.sum(np.prod(X, axis=1) * w)'), 'X');
    assert.equal(r.gradient.text, '(w ⊙ prod[axis=1](X)) ⊘ X');
  });
});
