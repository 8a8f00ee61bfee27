import { strict as assert } from 'node:assert';
import { analyze } from '../../../../src/core/analyze';
import { F64_KERNELS } from '../../../../src/core/numeric/f64/kernels';
import { NumericEnv } from '../../../../src/core/numeric/env';
import { avgPool2d } from '../../../../src/core/ops/pool/avg_pool2d';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(avgPool2d, {
  cases: [
    { name: 'NCHW, a 2×2 window', inputs: [I(2, 2, 4, 4)], attrs: { kernel_size: 2, layout: 'NCHW' } },
    { name: 'NCHW, 3×3 windows by 2, padded, pads counted', inputs: [I(1, 2, 5, 4)], attrs: { kernel_size: 3, stride: 2, padding: 1, layout: 'NCHW' } },
    { name: 'NCHW, pads not counted, ceil mode', inputs: [I(1, 1, 5, 6)], attrs: { kernel_size: [3, 2], stride: 2, padding: [1, 0], count_include_pad: false, ceil_mode: true, layout: 'NCHW' } },
    { name: "NHWC, 'same' padding", inputs: [I(2, 5, 5, 3)], attrs: { kernel_size: 2, stride: 2, padding: 'same', layout: 'NHWC', count_include_pad: false } },
    { name: 'a divisor given, padded', inputs: [I(1, 2, 4, 4)], attrs: { kernel_size: 3, stride: 1, padding: 1, divisor_override: 4, layout: 'NCHW' } },
    { name: 'without the batch axis', inputs: [I(2, 4, 6)], attrs: { kernel_size: 2, stride: 1, layout: 'NCHW' } },
  ],
  python: [
    'x = torch.randn(2, 3, 8, 8)\ny = torch.nn.functional.avg_pool2d(x, 2)',
    'x = torch.randn(2, 3, 8, 8)\ny = torch.nn.functional.avg_pool2d(x, 3, stride=2, padding=1, count_include_pad=False, ceil_mode=True)',
    "x = tensorflow.zeros((2, 8, 8, 3))\ny = tensorflow.nn.avg_pool2d(x, ksize=2, strides=2, padding='SAME')",
    "x = tensorflow.zeros((2, 8, 8, 3))\ny = tensorflow.nn.avg_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], 'VALID')",
  ],
});

/** The definition, written out: the mean of each window, divided as asked. */
function definition(x: number[][], k: number, s: number, p: number, countPad: boolean, ceil: boolean): number[][] {
  const [h, w] = [x.length, x[0].length];
  const size = (n: number) => {
    const q = (n + 2 * p - k) / s;
    let o = (ceil ? Math.ceil(q) : Math.floor(q)) + 1;
    if (ceil && (o - 1) * s >= n + p) o--;
    return o;
  };
  const out: number[][] = [];
  for (let i = 0; i < size(h); i++) {
    out.push([]);
    for (let j = 0; j < size(w); j++) {
      let sum = 0;
      let real = 0;
      let padded = 0;
      for (let a = 0; a < k; a++) {
        for (let b = 0; b < k; b++) {
          const [y, v] = [i * s - p + a, j * s - p + b];
          if (y < h + p && v < w + p) padded++;
          if (y >= 0 && y < h && v >= 0 && v < w) {
            sum += x[y][v];
            real++;
          }
        }
      }
      out[i].push(sum / (countPad ? padded : real));
    }
  }
  return out;
}

const run = (attrs: Record<string, unknown>, x: number[][]) =>
  F64_KERNELS.avg_pool2d([{ shape: [1, 1, x.length, x[0].length], data: Float64Array.from(x.flat()) }], { node: { attrs: { layout: 'NCHW', ...attrs } }, env: new NumericEnv() } as never);

describe('avg_pool2d: its values', () => {
  const x = [
    [1, 2, 3, 4, 5],
    [6, 7, 8, 9, 10],
    [11, 12, 13, 14, 15],
    [16, 17, 18, 19, 21],
    [2, 3, 5, 7, 11],
  ];

  it('averages each 2×2 block', () => {
    const out = run({ kernel_size: 2 }, x);
    assert.deepEqual(out.shape, [1, 1, 2, 2]);
    assert.deepEqual([...out.data], [4, 6, 14, 16]);
  });

  it('divides each sum by divisor_override when one is given', () => {
    const out = run({ kernel_size: 2, divisor_override: 3 }, x);
    assert.deepEqual([...out.data], [16 / 3, 24 / 3, 56 / 3, 64 / 3]);
  });

  for (const [k, s, p, countPad, ceil] of [
    [3, 2, 1, true, false],
    [3, 2, 1, false, false],
    [2, 2, 1, true, true],
    [3, 2, 0, true, true],
    [2, 3, 1, false, true],
  ] as const) {
    it(`matches the definition: window ${k}, stride ${s}, padding ${p}, pads ${countPad ? '' : 'not '}counted${ceil ? ', ceil mode' : ''}`, () => {
      const want = definition(x, k, s, p, countPad, ceil);
      const out = run({ kernel_size: k, stride: s, padding: p, count_include_pad: countPad, ceil_mode: ceil }, x);
      assert.deepEqual(out.shape, [1, 1, want.length, want[0].length]);
      want.flat().forEach((v, i) => assert.ok(Math.abs(out.data[i] - v) < 1e-12, `${i}: ${out.data[i]} vs ${v}`));
    });
  }

  it("leaves TensorFlow's 'same' padding out of the mean (the extra pixel after)", () => {
    const out = F64_KERNELS.avg_pool2d([{ shape: [1, 3, 3, 1], data: Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]) }], { node: { attrs: { kernel_size: 2, stride: 2, padding: 'SAME', layout: 'NHWC', count_include_pad: false } }, env: new NumericEnv() } as never);
    assert.deepEqual(out.shape, [1, 2, 2, 1]);
    assert.deepEqual([...out.data], [3, 4.5, 7.5, 9]);
  });
});

describe('avg_pool2d: shapes', () => {
  const read = (src: string) => analyze(`import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\nimport tensorflow as tf\n${src}\n`, { language: 'python' });
  const shapeOf = async (src: string, name = 'y') => (await read(src)).layers.find((l) => l.name === name)?.shape;

  it('keeps symbolic sizes: (H + 2p − k) // s + 1', async () => {
    assert.deepEqual(await shapeOf('# x: (N, C, H, W)\ny = F.avg_pool2d(x, 2)'), ['N', 'C', 'H//2', 'W//2']);
    assert.deepEqual(await shapeOf('# x: (N, C, H, W)\ny = F.avg_pool2d(x, 3, stride=2, padding=1)'), ['N', 'C', '(H+1)//2', '(W+1)//2']);
    assert.deepEqual(await shapeOf("# x: (N, H, W, C)\ny = tf.nn.avg_pool2d(x, 2, 2, 'SAME')"), ['N', '(H+1)//2', '(W+1)//2', 'C']);
  });

  it('ceil mode: ⌈(H + 2p − k) / s⌉ + 1 when no window can start in the padding after, else unknown', async () => {
    // ⌈(H − 3) / 2⌉ + 1 = H // 2.
    assert.deepEqual(await shapeOf('# x: (N, C, H, W)\ny = F.avg_pool2d(x, 3, stride=2, ceil_mode=True)'), ['N', 'C', 'H//2', 'W//2']);
    // p + s > k: whether the last window is dropped depends on H.
    assert.deepEqual(await shapeOf('# x: (N, C, H, W)\ny = F.avg_pool2d(x, 2, padding=1, ceil_mode=True)'), ['N', 'C', '?', '?']);
  });

  it('reads the layers: nn.AvgPool2d, and Keras AveragePooling2D in NHWC', async () => {
    assert.deepEqual(await shapeOf('x = torch.randn(4, 3, 32, 32)\npool = nn.AvgPool2d(2)\ny = pool(x)'), [4, 3, 16, 16]);
    assert.deepEqual(await shapeOf('x = torch.randn(4, 3, 7, 7)\ny = nn.AvgPool2d(3, stride=2, ceil_mode=True)(x)'), [4, 3, 3, 3]);
    const keras = 'from tensorflow.keras import layers\nx = tf.zeros((4, 9, 9, 3))\n';
    assert.deepEqual(await shapeOf(`${keras}y = layers.AveragePooling2D()(x)`), [4, 4, 4, 3]);
    assert.deepEqual(await shapeOf(`${keras}y = layers.AvgPool2D(pool_size=(3, 3), strides=2, padding='same')(x)`), [4, 5, 5, 3]);
    assert.deepEqual(await shapeOf(`${keras}c = tf.zeros((4, 3, 8, 6))\ny = layers.AveragePooling2D(2, data_format='channels_first')(c)`), [4, 3, 4, 3]);
  });

  it('says why a window cannot be used', async () => {
    const a = await read('x = torch.randn(1, 3, 2, 2)\ny = F.avg_pool2d(x, 3)');
    assert.ok(a.problems.some((p) => p.severity === 'error' && /3×3 window is larger than the 2×2 input/.test(p.message)), a.problems.map((p) => p.message).join('; '));
    const b = await read('x = torch.randn(1, 3, 8, 8)\ny = F.avg_pool2d(x, 2, padding=2)');
    assert.ok(b.problems.some((p) => /padding 2 must be between 0 and half the window/.test(p.message)), b.problems.map((p) => p.message).join('; '));
    const c = await read('x = torch.randn(8, 8)\ny = F.avg_pool2d(x, 2)');
    assert.ok(c.problems.some((p) => /expects a 3-D \(C, H, W\) or 4-D/.test(p.message)), c.problems.map((p) => p.message).join('; '));
  });
});
