import { strict as assert } from 'node:assert';
import { F64_KERNELS } from '../../../../src/core/numeric/f64/kernels';
import { clip } from '../../../../src/core/ops/general/clip';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(clip, {
  cases: [
    { name: 'both bounds', inputs: [I(3, 4)], attrs: { min: -0.5, max: 0.7 } },
    { name: 'only a lower bound', inputs: [I(3, 4)], attrs: { min: 0, max: null } },
  ],
  python: [
    'y = numpy.clip(X, -1, 1)',
    'y = numpy.clip(X, a_min=None, a_max=2.0)',
    'y = torch.clamp(X, min=0)',
    'y = torch.clip(X, -1, 1)',
    'y = tensorflow.clip_by_value(X, -1.0, 1.0)',
    'y = X.clip(-1, 1)',
    'y = X.clamp(max=3)',
    'y = X.clamp_min(0)',
  ],
});

describe('clip: its values', () => {
  it('holds values within the bounds and leaves NaN alone', () => {
    const node = { attrs: { min: -1, max: 2 } } as never;
    const out = F64_KERNELS.clip([{ shape: [4], data: Float64Array.of(-3, 0.5, 5, Number.NaN) }], { node } as never);
    assert.deepEqual([...out.data.slice(0, 3)], [-1, 0.5, 2]);
    assert.ok(Number.isNaN(out.data[3]));
  });
});
