import { strict as assert } from 'node:assert';
import { analyze } from '../../../../src/core/analyze';
import { F64_KERNELS } from '../../../../src/core/numeric/f64/kernels';
import { KINKS } from '../../../../src/core/numeric/f64/kinks';
import { NumericEnv } from '../../../../src/core/numeric/env';
import { adaptiveMaxPool2d } from '../../../../src/core/ops/pool/adaptive_max_pool2d';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(adaptiveMaxPool2d, {
  cases: [
    { name: 'to 1: the maximum over H and W', inputs: [I(2, 3, 4, 5)], attrs: { output_size: 1 } },
    { name: 'overlapping bins (5 → 3, 7 → 2)', inputs: [I(1, 2, 5, 7)], attrs: { output_size: [3, 2] } },
  ],
  python: ['x = torch.randn(2, 3, 8, 8)\ny = torch.nn.functional.adaptive_max_pool2d(x, 2)'],
});

const ctx = (output_size: unknown) => ({ node: { attrs: { layout: 'NCHW', output_size } }, env: new NumericEnv() }) as never;
const input = (x: number[][]) => ({ shape: [1, 1, x.length, x[0].length], data: Float64Array.from(x.flat()) });

describe('adaptive_max_pool2d: its values', () => {
  const x = [
    [1, 9, 3, 4, 5],
    [6, 7, 8, 2, 10],
    [11, 0, 13, 14, 15],
    [16, 17, 12, 19, -1],
  ];

  it('matches the definition: the maximum over ⌊i·H/out⌋ … ⌈(i+1)·H/out⌉', () => {
    for (const [oh, ow] of [[3, 2], [2, 3], [1, 1]]) {
      const want: number[] = [];
      for (let i = 0; i < oh; i++) {
        for (let j = 0; j < ow; j++) {
          let m = -Infinity;
          for (let y = Math.floor((i * 4) / oh); y < Math.ceil(((i + 1) * 4) / oh); y++) for (let v = Math.floor((j * 5) / ow); v < Math.ceil(((j + 1) * 5) / ow); v++) m = Math.max(m, x[y][v]);
          want.push(m);
        }
      }
      assert.deepEqual([...F64_KERNELS.adaptive_max_pool2d([input(x)], ctx([oh, ow])).data], want, `${oh}×${ow}`);
    }
  });

  it('its kink signature changes when a bin’s winner does, not otherwise', () => {
    const kinks = (v: number[][]) => KINKS.adaptive_max_pool2d([input(v)], input(v), ctx(1));
    const nudged = x.map((r) => [...r]);
    nudged[0][0] += 0.5;
    assert.equal(kinks(nudged), kinks(x));
    nudged[0][0] = 30;
    assert.notEqual(kinks(nudged), kinks(x));
  });
});

describe('adaptive_max_pool2d: the layer', () => {
  it('nn.AdaptiveMaxPool2d sets the spatial sizes', async () => {
    const a = await analyze('import torch\nimport torch.nn as nn\n# x: (N, C, H, W)\ny = nn.AdaptiveMaxPool2d((2, None))(x)\n', { language: 'python' });
    assert.deepEqual(a.layers.find((l) => l.name === 'y')?.shape, ['N', 'C', 2, 'W']);
  });

  it('refuses return_indices=True, which returns a pair, with a clear problem', async () => {
    const a = await analyze('import torch\nimport torch.nn.functional as F\nx = torch.randn(2, 3, 8, 8)\ny, i = F.adaptive_max_pool2d(x, 2, return_indices=True)\n', { language: 'python' });
    assert.ok(a.problems.some((p) => p.severity === 'error' && /return_indices=True/.test(p.message)), a.problems.map((p) => p.message).join('; '));
  });
});
