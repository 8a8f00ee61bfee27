import { index } from '../../../../src/core/ops/indexing/index-op';
import { I, ints, S } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(index, {
  cases: [
    { name: 'slices, newaxis and an integer', inputs: [I(4, 5)], attrs: { items: [{ kind: 'slice', start: 1, stop: null, step: 2 }, { kind: 'newaxis' }, { kind: 'int', value: -1 }] } },
    { name: 'two integer arrays', inputs: [I(4, 5), ints(4, 6), ints(5, 6)], attrs: { items: [{ kind: 'tensor', input: 1 }, { kind: 'tensor', input: 2 }] } },
    { name: 'a row of a matrix', inputs: [I(3, 4)], attrs: { items: [{ kind: 'int', value: 1 }, S] } },
  ],
  // Written with brackets, not called.
  python: ['y = X[1:, 0]', 'y = X[numpy.arange(3), numpy.random.randint(0, 4, (3,))]'],
});
