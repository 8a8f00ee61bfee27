import { strict as assert } from 'node:assert';
import { analyze } from '../../../../src/core/analyze';
import { F64_KERNELS } from '../../../../src/core/numeric/f64/kernels';
import { NumericEnv } from '../../../../src/core/numeric/env';
import { adaptiveAvgPool2d } from '../../../../src/core/ops/pool/adaptive_avg_pool2d';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(adaptiveAvgPool2d, {
  cases: [
    { name: 'to 1: the mean over H and W', inputs: [I(2, 3, 4, 5)], attrs: { output_size: 1 } },
    { name: 'overlapping bins (5 → 3, 7 → 2)', inputs: [I(1, 2, 5, 7)], attrs: { output_size: [3, 2] } },
    { name: 'None keeps the width', inputs: [I(2, 6, 4)], attrs: { output_size: [4, null] } },
  ],
  python: ['x = torch.randn(2, 3, 8, 8)\ny = torch.nn.functional.adaptive_avg_pool2d(x, (3, None))'],
});

/** The definition, written out: bin i of n → out covers ⌊i·n/out⌋ to ⌈(i+1)·n/out⌉. */
function definition(x: number[][], oh: number, ow: number): number[][] {
  const [h, w] = [x.length, x[0].length];
  const out: number[][] = [];
  for (let i = 0; i < oh; i++) {
    out.push([]);
    for (let j = 0; j < ow; j++) {
      let sum = 0;
      let count = 0;
      for (let y = Math.floor((i * h) / oh); y < Math.ceil(((i + 1) * h) / oh); y++) {
        for (let v = Math.floor((j * w) / ow); v < Math.ceil(((j + 1) * w) / ow); v++) {
          sum += x[y][v];
          count++;
        }
      }
      out[i].push(sum / count);
    }
  }
  return out;
}

const run = (output_size: unknown, x: number[][]) =>
  F64_KERNELS.adaptive_avg_pool2d([{ shape: [1, 1, x.length, x[0].length], data: Float64Array.from(x.flat()) }], { node: { attrs: { layout: 'NCHW', output_size } }, env: new NumericEnv() } as never);

describe('adaptive_avg_pool2d: its values', () => {
  const x = [
    [1, 2, 3, 4, 5],
    [6, 7, 8, 9, 10],
    [11, 12, 13, 14, 15],
    [16, 17, 18, 19, 21],
  ];

  it('to 1, the mean of everything; to the input size, the input', () => {
    assert.deepEqual([...run(1, x).data], [x.flat().reduce((a, b) => a + b, 0) / 20]);
    assert.deepEqual([...run([4, 5], x).data], x.flat());
  });

  it('overlapping bins: rows 0–1 and 1–2 of 3 → 2, as PyTorch cuts them', () => {
    const out = run([2, 1], [[1], [2], [6]]);
    assert.deepEqual([...out.data], [1.5, 4]);
  });

  for (const [oh, ow] of [[3, 2], [2, 3], [3, 4], [1, 5]]) {
    it(`matches the definition at ${oh}×${ow}`, () => {
      const want = definition(x, oh, ow);
      const out = run([oh, ow], x);
      assert.deepEqual(out.shape, [1, 1, oh, ow]);
      want.flat().forEach((v, i) => assert.ok(Math.abs(out.data[i] - v) < 1e-12, `${i}: ${out.data[i]} vs ${v}`));
    });
  }
});

describe('adaptive_avg_pool2d: shapes and the layers around it', () => {
  const prelude = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n';
  const read = (src: string) => analyze(`${prelude}${src}\n`, { language: 'python' });
  const shapeOf = async (src: string, name = 'y') => (await read(src)).layers.find((l) => l.name === name)?.shape;

  it('sets the spatial sizes, None keeps one, symbolic sizes included', async () => {
    assert.deepEqual(await shapeOf('# x: (N, C, H, W)\ny = F.adaptive_avg_pool2d(x, 1)'), ['N', 'C', 1, 1]);
    assert.deepEqual(await shapeOf('# x: (N, C, H, W)\ny = F.adaptive_avg_pool2d(x, (None, 7))'), ['N', 'C', 'H', 7]);
    assert.deepEqual(await shapeOf('x = torch.randn(4, 64, 9, 9)\ny = nn.AdaptiveAvgPool2d((2, 3))(x)'), [4, 64, 2, 3]);
  });

  it('a Linear after AdaptiveAvgPool2d((1, 1)) and flatten: a wrong in_features is reported on the Linear’s line', async () => {
    const src = [
      'class Net(nn.Module):',
      '    def __init__(self):',
      '        super().__init__()',
      '        self.conv = nn.Conv2d(3, 64, 3, padding=1)',
      '        self.pool = nn.AdaptiveAvgPool2d((1, 1))',
      '        self.fc = nn.Linear(128, 10)',
      '    def forward(self, x):',
      '        x = self.pool(self.conv(x))',
      '        x = torch.flatten(x, 1)',
      '        return self.fc(x)',
      'net = Net()',
      'y = net(torch.randn(4, 3, 32, 32))',
    ].join('\n');
    const a = await read(src);
    const errors = a.problems.filter((p) => p.severity === 'error');
    assert.equal(errors.length, 1, errors.map((p) => p.message).join('; '));
    assert.match(errors[0].message, /64/);
    assert.match(errors[0].message, /128/);
    // The line of `self.fc = nn.Linear(128, 10)` or of its call `self.fc(x)`: either is the Linear's.
    const text = `${prelude}${src}`;
    const line = text.split('\n')[text.slice(0, errors[0].span.start).split('\n').length - 1];
    assert.match(line, /self\.fc\b/);
    const fixed = await read(src.replace('nn.Linear(128, 10)', 'nn.Linear(64, 10)'));
    assert.deepEqual(fixed.problems.filter((p) => p.severity === 'error').map((p) => p.message), []);
    assert.deepEqual(fixed.layers.find((l) => l.name === 'y')?.shape, [4, 10]);
  });

  it('says why an output size cannot be read, and what rank it needs', async () => {
    const a = await read('x = torch.randn(2, 3, 8, 8)\ny = F.adaptive_avg_pool2d(x, 0)');
    assert.ok(a.problems.some((p) => p.severity === 'error' && /output_size must be a whole number ≥ 1/.test(p.message)), a.problems.map((p) => p.message).join('; '));
    const b = await read('x = torch.randn(3, 8)\ny = F.adaptive_avg_pool2d(x, 1)');
    assert.ok(b.problems.some((p) => /expects a 3-D \(C, H, W\) or 4-D/.test(p.message)), b.problems.map((p) => p.message).join('; '));
  });
});
