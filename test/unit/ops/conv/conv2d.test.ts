import { strict as assert } from 'node:assert';
import { conv2d } from '../../../../src/core/ops/conv/conv2d';
import { NumericEnv } from '../../../../src/core/numeric/env';
import { F64Evaluator } from '../../../../src/core/numeric/f64/evaluate';
import { Rng } from '../../../../src/core/numeric/prng';
import type { F64Tensor } from '../../../../src/core/numeric/tensor';
import { I } from '../../numeric/kernel-agreement';
import { TestGraph } from '../../numeric/graph';
import { checkOpModule } from '../module-agreement';

checkOpModule(conv2d, {
  cases: [
    { name: 'NHWC, HWIO filters, SAME padding, stride 2', inputs: [I(1, 5, 5, 2), I(3, 3, 2, 3)], attrs: { strides: [1, 2, 2, 1], padding: 'SAME', layout: 'NHWC' } },
    { name: 'NCHW, OIHW filters, padding 1', inputs: [I(2, 2, 4, 4), I(3, 2, 3, 3)], attrs: { strides: 1, padding: 1, layout: 'NCHW' } },
    { name: 'NCHW, dilation 2, stride 2, padding 1', inputs: [I(1, 2, 7, 7), I(2, 2, 3, 3)], attrs: { strides: 2, padding: 1, dilations: 2, layout: 'NCHW' } },
    { name: 'NCHW, 2 groups', inputs: [I(2, 4, 4, 4), I(6, 2, 3, 3)], attrs: { strides: 1, padding: 0, groups: 2, layout: 'NCHW' } },
    { name: 'NHWC, 2 groups, dilation (2, 1), SAME', inputs: [I(1, 6, 5, 4), I(2, 2, 2, 4)], attrs: { strides: 1, padding: 'SAME', dilations: [1, 2, 1, 1], groups: 2, layout: 'NHWC' } },
  ],
  python: ['y = torch.nn.functional.conv2d(torch.randn(1, 4, 8, 8), torch.randn(4, 2, 3, 3), padding=1, dilation=2, groups=2)'],
});

/**
 * The definition, written as plain loops over NCHW/OIHW with nothing shared with the kernel:
 * out[b, o, y, x] = Σ_{i<cin, p<kh, q<kw} x[b, g·cin + i, y·s − pad + p·d, x·s − pad + q·d] · w[o, i, p, q],
 * g = o ÷ (cout/groups), out-of-range pixels zero.
 */
function definition(x: F64Tensor, w: F64Tensor, s: number, pad: number, d: number, groups: number): F64Tensor {
  const [n, c, h, wd] = x.shape;
  const [cout, cin, kh, kw] = w.shape;
  const oh = Math.floor((h + 2 * pad - d * (kh - 1) - 1) / s) + 1;
  const ow = Math.floor((wd + 2 * pad - d * (kw - 1) - 1) / s) + 1;
  const at = (t: F64Tensor, i: number[]) => t.data[i.reduce((acc, v, k) => acc * t.shape[k] + v, 0)];
  const data: number[] = [];
  for (let b = 0; b < n; b++)
    for (let o = 0; o < cout; o++)
      for (let y = 0; y < oh; y++)
        for (let xo = 0; xo < ow; xo++) {
          let sum = 0;
          const g = Math.floor(o / (cout / groups));
          for (let i = 0; i < cin; i++)
            for (let p = 0; p < kh; p++)
              for (let q = 0; q < kw; q++) {
                const [iy, ix] = [y * s - pad + p * d, xo * s - pad + q * d];
                if (iy >= 0 && iy < h && ix >= 0 && ix < wd) sum += at(x, [b, g * cin + i, iy, ix]) * at(w, [o, i, p, q]);
              }
          data.push(sum);
        }
  assert.equal(c, cin * groups);
  return { shape: [n, cout, oh, ow], data: Float64Array.from(data) };
}

describe('conv2d: dilation and groups', () => {
  const rng = new Rng(11);
  const random = (shape: number[]) => Array.from({ length: shape.reduce((p, v) => p * v, 1) }, () => rng.normal());

  for (const [s, pad, d, groups] of [
    [1, 0, 2, 1],
    [2, 2, 3, 1],
    [1, 1, 1, 2],
    [2, 1, 2, 4],
  ]) {
    it(`stride ${s}, padding ${pad}, dilation ${d}, ${groups} group(s): the float64 kernel is the definition`, () => {
      const t = new TestGraph();
      const xs = [2, 4, 9, 8];
      const ws = [8, 4 / groups, 3, 2];
      const x = t.input('x', xs, random(xs));
      const w = t.input('w', ws, random(ws));
      const out = t.op('conv2d', [x, w], { strides: s, padding: pad, dilations: d, groups, layout: 'NCHW' });
      const got = new F64Evaluator(t.graph, new NumericEnv(), t.values).run([out]).values.get(out) as F64Tensor;
      const want = definition(t.values.get(x) as F64Tensor, t.values.get(w) as F64Tensor, s, pad, d, groups);
      assert.deepEqual(got.shape, want.shape);
      assert.deepEqual(t.graph.nodes[out].shape, want.shape);
      want.data.forEach((v, i) => assert.ok(Math.abs(got.data[i] - v) < 1e-12, `${i}: ${got.data[i]} vs ${v}`));
    });
  }

  it('refuses channels that do not split into the groups, with the reason', () => {
    const t = new TestGraph();
    assert.throws(() => t.op('conv2d', [t.input('x', [1, 4, 5, 5]), t.input('w', [3, 2, 3, 3])], { groups: 2, layout: 'NCHW' }), /3 filters do not split into 2 groups/);
    assert.throws(() => t.op('conv2d', [t.input('x', [1, 4, 5, 5]), t.input('w', [4, 3, 3, 3])], { groups: 2, layout: 'NCHW' }), /4 channels but the filters expect 3 in each of 2 groups/);
  });
});
