import { strict as assert } from 'node:assert';
import { F64_KERNELS } from '../../../../src/core/numeric/f64/kernels';
import { logsumexp } from '../../../../src/core/ops/reduce/logsumexp';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(logsumexp, {
  cases: [
    { name: 'along the rows', inputs: [I(3, 4)], attrs: { axis: 1 } },
    { name: 'over the columns, kept', inputs: [I(3, 4)], attrs: { axis: 0, keepdims: true } },
    { name: 'over everything', inputs: [I(3, 4)] },
  ],
  python: ['import scipy.special\ny = scipy.special.logsumexp(X, axis=1)', 'y = torch.logsumexp(X, 1)', 'y = tensorflow.reduce_logsumexp(X, axis=1)', 'y = tensorflow.math.reduce_logsumexp(X)', 'y = X.logsumexp(1)'],
});

describe('logsumexp: its values', () => {
  it('does not overflow where exp would', () => {
    const node = { attrs: { axis: null, keepdims: false } } as never;
    const out = F64_KERNELS.logsumexp([{ shape: [2], data: Float64Array.of(1000, 1000) }], { node } as never);
    assert.ok(Math.abs(out.data[0] - (1000 + Math.LN2)) < 1e-9, String(out.data[0]));
  });
});
