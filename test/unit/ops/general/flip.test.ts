import { strict as assert } from 'node:assert';
import { F64_KERNELS } from '../../../../src/core/numeric/f64/kernels';
import { flip } from '../../../../src/core/ops/general/flip';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(flip, {
  cases: [
    { name: 'every axis', inputs: [I(3, 4)] },
    { name: 'the last axis of a 3-D tensor', inputs: [I(2, 3, 4)], attrs: { axis: [2] } },
  ],
  python: ['y = numpy.flip(X)', 'y = numpy.flip(X, axis=0)', 'y = torch.flip(X, dims=[1])', 'y = numpy.fliplr(X)', 'y = numpy.flipud(X)', 'y = tensorflow.reverse(X, axis=[0])', 'y = X.flip(0)'],
});

describe('flip: its values', () => {
  it('reverses the chosen axes only', () => {
    const run = (axis: unknown) => [...F64_KERNELS.flip([{ shape: [2, 3], data: Float64Array.of(1, 2, 3, 4, 5, 6) }], { node: { attrs: { axis } } } as never).data];
    assert.deepEqual(run(1), [3, 2, 1, 6, 5, 4]);
    assert.deepEqual(run(0), [4, 5, 6, 1, 2, 3]);
    assert.deepEqual(run(null), [6, 5, 4, 3, 2, 1]);
  });
});
