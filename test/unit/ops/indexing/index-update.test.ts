import { index_update } from '../../../../src/core/ops/indexing/index-update';
import { A, I, ints, S } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

const rows = { shape: [3], gen: { values: [0, 2, 3] }, fixed: true };

checkOpModule(index_update, {
  cases: [
    ...['set', 'add', 'mul'].map((mode) => ({
      name: `x[rows, cols] ${mode}`,
      inputs: [I(4, 5), A(3), rows, ints(5, 3)],
      attrs: { items: [{ kind: 'tensor', input: 1 }, { kind: 'tensor', input: 2 }], mode },
    })),
    { name: 'np.add.at with repeated indices', inputs: [I(4, 5), I(6, 5), { shape: [6], gen: { values: [0, 2, 0, 3, 2, 0] }, fixed: true }], attrs: { items: [{ kind: 'tensor', input: 1 }], mode: 'accumulate' } },
    { name: 'a row, added', inputs: [I(4, 5), I(5)], attrs: { items: [{ kind: 'int', value: 2 }, S], mode: 'add' } },
  ],
  // Written as augmented assignments, not called.
  python: ['X[0] += 1.0', 'X[:, 1] = 0.0'],
});
