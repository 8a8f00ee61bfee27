import { strict as assert } from 'node:assert';
import { analyze } from '../../../../src/core/analyze';
import { F64_KERNELS } from '../../../../src/core/numeric/f64/kernels';
import { NumericEnv } from '../../../../src/core/numeric/env';
import { pad } from '../../../../src/core/ops/general/pad';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule, deriveFromPython, derivedFromPython } from '../module-agreement';

checkOpModule(pad, {
  cases: [
    { name: 'one width for every axis', inputs: [I(3, 4)], attrs: { pad_width: 1 } },
    { name: 'per-axis pairs, a fill value', inputs: [I(2, 3)], attrs: { pad_width: [[0, 2], [1, 0]], value: 0.5 } },
    { name: 'a vector, PyTorch order', inputs: [I(4)], attrs: { pad_width: [2, 1], order: 'last-first', value: -1 } },
    { name: 'PyTorch order, the last two axes of a 3-D tensor', inputs: [I(2, 2, 3)], attrs: { pad_width: [1, 2, 0, 1], order: 'last-first' } },
  ],
  python: [
    'y = numpy.pad(X, 1)',
    'y = numpy.pad(X, ((0, 0), (2, 2)), constant_values=0.5)',
    "y = numpy.pad(X, (1, 2), mode='constant')",
    "y = torch.nn.functional.pad(X, (1, 1), value=float('-inf'))",
    "y = tensorflow.pad(X, [[1, 1], [0, 0]], mode='CONSTANT')",
  ],
});

const run = (attrs: Record<string, unknown>, shape: number[], data: number[]) =>
  F64_KERNELS.pad([{ shape, data: Float64Array.from(data) }], { node: { attrs: { value: 0, order: 'axes', ...attrs } }, env: new NumericEnv() } as never);

describe('pad: its values', () => {
  it('surrounds a matrix with its fill value, NumPy order', () => {
    const out = run({ pad_width: [[1, 0], [0, 1]], value: 9 }, [2, 2], [1, 2, 3, 4]);
    assert.deepEqual(out.shape, [3, 3]);
    assert.deepEqual([...out.data], [9, 9, 9, 1, 2, 9, 3, 4, 9]);
  });

  it('reads a PyTorch pair as the last axis', () => {
    const out = run({ pad_width: [2, 0], order: 'last-first' }, [2, 1], [1, 2]);
    assert.deepEqual(out.shape, [2, 3]);
    assert.deepEqual([...out.data], [0, 0, 1, 0, 0, 2]);
  });
});

describe('pad: shapes', () => {
  const shapeOf = async (src: string, name = 'y') => (await analyze(`import numpy\nimport torch\nimport tensorflow\n${src}\n`, { language: 'python' }));

  it('adds the widths to each axis, symbolic sizes and widths included', async () => {
    const a = await shapeOf('# x: (N, C, H, W)\ny = torch.nn.functional.pad(x, (1, 1, 2, 2))');
    assert.deepEqual(a.layers.find((l) => l.name === 'y')?.shape, ['N', 'C', 'H+4', 'W+2']);
    const b = await shapeOf('# x: (N, D)\np = 3\ny = numpy.pad(x, ((0, 0), (p, p)))');
    assert.deepEqual(b.layers.find((l) => l.name === 'y')?.shape, ['N', 'D+6']);
  });

  it('names the tensor whose rank the widths do not fit, and a mode it cannot read', async () => {
    const a = await shapeOf('# x: (N, D)\ny = numpy.pad(x, ((0, 0), (1, 1), (1, 1)))');
    assert.ok(a.problems.some((p) => p.severity === 'error' && /3 pairs of widths for a 2-dimensional tensor/.test(p.message) && /\(N, D\)/.test(p.message)), a.problems.map((p) => p.message).join('; '));
    const b = await shapeOf("# x: (N, D)\ny = numpy.pad(x, 1, mode='reflect')");
    assert.ok(b.problems.some((p) => /only mode='constant'/.test(p.message)), b.problems.map((p) => p.message).join('; '));
  });
});

describe('pad: Derive Gradient', () => {
  const code = (line: string) => `import torch\nimport torch.nn.functional as F\nX = torch.randn(4, 3)\nW = torch.randn(5, 6)\n${line}\nE = (Y * W).sum()\n`;

  it('X placed in zeros, so dX is the block of dY where X sits', async () => {
    const r = await derivedFromPython(code('Y = F.pad(X, (1, 2, 0, 1))'), 'X');
    assert.deepEqual([r.gradient.text, r.gradient.latex, r.steps[0].text], ['W[0:4, 1:4]', 'W_{[0:4, 1:4]}', 'E = pad(X, (0, 1), (1, 2)) : W']);
  });

  it('a fill value is a constant around X and leaves dX alone; an infinite one is refused', async () => {
    const r = await derivedFromPython(code('Y = F.pad(X, (1, 2, 0, 1), value=0.5)'), 'X');
    assert.equal(r.gradient.text, 'W[0:4, 1:4]');
    const inf = await deriveFromPython(code("Y = F.pad(X, (1, 2, 0, 1), value=float('-inf'))"), 'X');
    assert.ok(!inf.ok && /padding with -Infinity/.test(inf.error), inf.ok ? 'derived' : inf.error);
  });
});
