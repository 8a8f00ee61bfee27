import { trace } from '../../../../src/core/ops/linalg/trace';
import { checkKernels, I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(trace, {
  cases: [{ name: 'a square matrix', inputs: [I(3, 3)] }],
  python: ['y = numpy.trace(X @ X.T)', 'y = torch.trace(X @ X.T)', 'y = tensorflow.linalg.trace(X @ X.T)', 'y = tensorflow.trace(X @ X.T)'],
});

describe('trace: of a batch', () => {
  // The Jacobian rule covers one matrix; a batch's trace is checked by its kernels and autodiff.
  it('each matrix of the batch: TensorFlow.js = float64; autodiff = finite differences', () => checkKernels({ name: 'a batch', op: 'trace', inputs: [I(2, 3, 3)] }));
});
