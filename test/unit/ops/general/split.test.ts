import { strict as assert } from 'node:assert';
import { analyze } from '../../../../src/core/analyze';
import { checkGradients } from '../../../../src/core/check/index';
import { F64_KERNELS } from '../../../../src/core/numeric/f64/kernels';
import { NumericEnv } from '../../../../src/core/numeric/env';
import { split } from '../../../../src/core/ops/general/split';
import { addDims, type Dim } from '../../../../src/core/shapes/dim';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule, derivedFromPython } from '../module-agreement';

checkOpModule(split, {
  cases: [
    { name: 'the second of two equal halves of the columns', inputs: [I(3, 4)], attrs: { sections: 2, axis: 1, piece: 1 } },
    { name: 'the last, shorter piece of a given size', inputs: [I(5, 2)], attrs: { sizes: 2, piece: 2 } },
    { name: 'a middle piece between cut points, 3-D', inputs: [I(2, 6, 2)], attrs: { sections: [1, 4], axis: 1, piece: 1 } },
    { name: 'the first third of a vector', inputs: [I(6)], attrs: { sections: 3, piece: 0 } },
    { name: 'a piece of sizes with a -1 (TensorFlow)', inputs: [I(3, 5)], attrs: { num_or_size_splits: [1, -1, 2], axis: -1, piece: 1 } },
  ],
  python: [
    'a, b = numpy.split(X, 2, axis=1)',
    'a, b, c = numpy.array_split(X, 3, axis=1)',
    'a, b = torch.split(X, [1, 3], dim=1)',
    'a, b = torch.chunk(X, 2, dim=-1)',
    'a, b = tensorflow.split(X, [2, -1], axis=1)',
    'a, b = X.split(2, dim=1)',
    'a, b, c = X.chunk(3)',
  ],
});

const piece = (attrs: Record<string, unknown>, shape: number[], out: number[]) =>
  [...F64_KERNELS.split([{ shape, data: Float64Array.from({ length: shape.reduce((p, d) => p * d, 1) }, (_, i) => i) }], { shape: out, node: { attrs: { axis: 0, ...attrs } }, env: new NumericEnv() } as never).data];

describe('split: its values', () => {
  it('cuts as each library does: equal pieces, uneven ones first longer, sizes with the last shorter, chunks', () => {
    assert.deepEqual(piece({ array_sections: 3, piece: 2 }, [7], [2]), [5, 6]);
    assert.deepEqual(piece({ sizes: 3, piece: 2 }, [7], [1]), [6]);
    assert.deepEqual(piece({ chunks: 3, piece: 1 }, [7], [3]), [3, 4, 5]);
    assert.deepEqual(piece({ sections: [2, 3], piece: 1, axis: 1 }, [2, 4], [2, 1]), [2, 6]);
  });
});

describe('split: tuple results', () => {
  const layers = async (src: string) => analyze(`import numpy\nimport torch\n${src}\n`, { language: 'python' });

  it('gives each unpacked name its piece, with symbolic sizes', async () => {
    const a = await layers('# qkv: (B, T, 3*C)\nC = qkv.shape[2] // 3\nq, k, v = qkv.split(C, dim=2)\nh1, h2 = torch.chunk(qkv, 2, dim=-1)\n# x: (N, 7)\np, q2, r = numpy.array_split(x, 3, axis=1)');
    const shape = (name: string) => a.layers.find((l) => l.name === name)?.shape;
    assert.deepEqual([shape('q'), shape('k'), shape('v')], [['B', 'T', 'C'], ['B', 'T', 'C'], ['B', 'T', 'C']]);
    // Two chunks of an axis that may be odd: ⌈3·C / 2⌉ and the rest, which add up to 3·C.
    assert.equal(shape('h1')?.[2], '(3*C+1)//2');
    assert.equal(addDims(shape('h1')?.[2] as Dim, shape('h2')?.[2] as Dim), '3*C');
    assert.deepEqual([shape('p'), shape('q2'), shape('r')], [['N', 3], ['N', 2], ['N', 2]]);
  });

  it('says why the pieces cannot be told, naming the tensor', async () => {
    const a = await layers('# x: (N, 7)\na, b = numpy.split(x, 2, axis=1)\n# y: (N, 5)\nc, d = torch.split(y, [2, 2], dim=1)');
    const messages = a.problems.filter((p) => p.severity === 'error').map((p) => p.message);
    assert.ok(messages.some((m) => /7 entries do not split into 2 equal pieces/.test(m) && /\(N, 7\)/.test(m)), messages.join('; '));
    assert.ok(messages.some((m) => /the sizes \[2,2\] add up to 4, not the axis's 5/.test(m)), messages.join('; '));
    const b = await layers('# x: (N, 7)\na, b = x.split(3, dim=1)');
    assert.deepEqual(b.problems.map((p) => p.message), ['x.split gives 3 pieces, unpacked into 2 names']);
  });

  it('checks a gradient through the halves of a gated unit', async () => {
    const source = (grad: string) => `import torch
x = torch.randn(4, 6)
a, b = torch.chunk(x, 2, dim=-1)
h = a * torch.sigmoid(b)
loss = (h ** 2).sum()
dh = 2 * h
s = torch.sigmoid(b)
da = dh * s
db = dh * a * s * (1 - s)
dx = ${grad}
`;
    const right = await checkGradients(source('torch.cat([da, db], dim=-1)'), { language: 'python', seed: 2 });
    assert.deepEqual(right.gradients.map((g) => `${g.name}: ${g.verdict}`), ['dh: correct', 'da: correct', 'db: correct', 'dx: correct'], right.gradients.map((g) => g.message).join('; '));
    const wrong = await checkGradients(source('torch.cat([db, da], dim=-1)'), { language: 'python', seed: 2 });
    assert.equal(wrong.gradients.find((g) => g.name === 'dx')?.verdict, 'wrong');
  });
});

describe('split: Derive Gradient', () => {
  const code = (lines: string) => `import torch\nX = torch.randn(4, 5)\nV = torch.randn(4, 3)\n${lines}\n`;

  it('each piece is a block of X, and dX is the pieces’ gradients side by side', async () => {
    const r = await derivedFromPython(code('A, B = torch.split(X, [2, 3], dim=1)\nE = (A ** 2).sum() + (B * V).sum()'), 'X');
    assert.deepEqual([r.gradient.text, r.gradient.latex], ['[2·X[:, 0:2], V]', '\\begin{bmatrix} 2\\,X_{[:, 0:2]} & V \\end{bmatrix}']);
    assert.equal(r.steps[0].text, 'E = ‖X[:, 0:2]‖² + X[:, 2:5] : V');
  });

  it('stacked down the rows, and a piece not used leaves zeros around the other', async () => {
    const rows = await derivedFromPython(code('A, B = torch.chunk(X, 2)\nE = (A * B).sum()'), 'X');
    assert.equal(rows.gradient.text, '[X[2:4, :]; X[0:2, :]]');
    const one = await derivedFromPython(code('A, B = torch.chunk(X, 2)\nE = (A ** 2).sum()'), 'X');
    assert.equal(one.gradient.text, 'pad(2·X[0:2, :], (0, 2), (0, 0))');
    assert.match(one.gradient.numpy, /np\.pad\(2\.0 \* X\[0:2, 0:5\], \(\(0, 2\), \(0, 0\)\)\)/);
  });
});
