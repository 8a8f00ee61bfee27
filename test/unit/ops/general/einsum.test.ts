import { strict as assert } from 'node:assert';
import { analyze } from '../../../../src/core/analyze';
import { F64_KERNELS } from '../../../../src/core/numeric/f64/kernels';
import { einsum, parseEinsum } from '../../../../src/core/ops/general/einsum';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(einsum, {
  cases: [
    { name: 'a matrix product', inputs: [I(3, 4), I(4, 2)], attrs: { equation: 'ij,jk->ik' } },
    { name: 'implicit output, second operand transposed', inputs: [I(3, 4), I(2, 4)], attrs: { equation: 'ij,kj' } },
    { name: 'a trace', inputs: [I(3, 3)], attrs: { equation: 'ii->' } },
    { name: 'a diagonal', inputs: [I(3, 3)], attrs: { equation: 'ii->i' } },
    { name: 'a transpose', inputs: [I(3, 4)], attrs: { equation: 'ij->ji' } },
    { name: 'a row sum', inputs: [I(3, 4)], attrs: { equation: 'ij->i' } },
    { name: 'a matrix times a vector', inputs: [I(3, 4), I(4)], attrs: { equation: 'ij,j->i' } },
    { name: 'an outer product', inputs: [I(3), I(4)], attrs: { equation: 'i,j->ij' } },
    { name: 'a Frobenius inner product', inputs: [I(3, 4), I(3, 4)], attrs: { equation: 'ij,ij->' } },
    { name: 'a row-wise dot product', inputs: [I(3, 4), I(3, 4)], attrs: { equation: 'ij,ij->i' } },
    { name: 'a chain of three', inputs: [I(2, 3), I(3, 4), I(4, 2)], attrs: { equation: 'ij,jk,kl->il' } },
    { name: 'a quadratic form', inputs: [I(3), I(3, 3), I(3)], attrs: { equation: 'i,ij,j->' } },
    { name: 'a batched product with an ellipsis', inputs: [I(2, 3, 4), I(2, 4, 2)], attrs: { equation: '...ij,...jk->...ik' } },
    { name: 'batch letters, broadcast over a size-1 batch', inputs: [I(2, 3, 4), I(1, 4, 2)], attrs: { equation: 'bij,bjk->bik' } },
    { name: 'a batched trace', inputs: [I(2, 3, 3)], attrs: { equation: 'bii->b' } },
    { name: 'an ellipsis that stands for no axis', inputs: [I(3, 4), I(4)], attrs: { equation: '...ij,j->...i' } },
  ],
  python: ["y = numpy.einsum('ij,jk->ik', X, X.T)", "y = torch.einsum('ij->ji', X)", "y = torch.einsum('ij,kj->ik', [X, X])", "y = tensorflow.einsum('ij,ij->i', X, X)", "y = tensorflow.linalg.einsum('ij', X)"],
});

describe('einsum: subscripts', () => {
  it('reads implicit output as the letters used once, in order, after the ellipsis', () => {
    assert.deepEqual(parseEinsum('ji,jk', [2, 2]), { operands: [['j', 'i'], ['j', 'k']], output: ['i', 'k'] });
    assert.deepEqual(parseEinsum('...ij', [4]), { operands: [['…0', '…1', 'i', 'j']], output: ['…0', '…1', 'i', 'j'] });
    assert.deepEqual(parseEinsum('...ij,jk->...ik', [3, 2]), { operands: [['…0', 'i', 'j'], ['j', 'k']], output: ['…0', 'i', 'k'] });
  });

  it('says what is wrong with subscripts that do not fit', () => {
    assert.match(parseEinsum('ij,jk->ik', [2]) as string, /are for 2 operands but 1 is given/);
    assert.match(parseEinsum('ij->ix', [2]) as string, /'x' is in no operand/);
    assert.match(parseEinsum('ijk->i', [2]) as string, /operand 0 has 2 dimensions but 'ijk' names 3/);
    assert.match(parseEinsum('i1->i', [2]) as string, /'1' is not a subscript letter/);
  });

  it('computes a matrix product and a trace in float64', () => {
    const node = (equation: string) => ({ node: { attrs: { equation } } }) as never;
    const a = { shape: [2, 2], data: Float64Array.of(1, 2, 3, 4) };
    const b = { shape: [2, 2], data: Float64Array.of(5, 6, 7, 8) };
    assert.deepEqual([...F64_KERNELS.einsum([a, b], node('ij,jk->ik')).data], [19, 22, 43, 50]);
    assert.deepEqual([...F64_KERNELS.einsum([a], node('ii')).data], [5]);
    assert.deepEqual([...F64_KERNELS.einsum([a], node('ij->ji')).data], [1, 3, 2, 4]);
  });
});

describe('einsum: shapes', () => {
  it('gives symbolic sizes, and names both operands when a letter’s sizes differ', async () => {
    const ok = await analyze("import numpy as np\n# X: (N, D)\n# W: (D, H)\nY = np.einsum('nd,dh->nh', X, W)\nB = np.einsum('...ij,...jk->...ik', np.zeros((5, N, D)), W)\n", { language: 'python' });
    assert.deepEqual(ok.layers.find((l) => l.name === 'Y')?.shape, ['N', 'H']);
    assert.deepEqual(ok.layers.find((l) => l.name === 'B')?.shape, [5, 'N', 'H']);
    const bad = await analyze("import numpy as np\n# X: (N, 4)\n# W: (5, 4)\nY = np.einsum('nd,dh->nh', X, W)\n", { language: 'python' });
    assert.ok(bad.problems.some((p) => p.severity === 'error' && /'d' is 4 and 5 in operand 0 \(N, 4\) and operand 1 \(5, 4\)/.test(p.message)), bad.problems.map((p) => p.message).join('; '));
  });
});
