import { strict as assert } from 'node:assert';
import { deriveFromGraph } from '../../../../src/core/grad/from-graph';
import { pow } from '../../../../src/core/ops/binary/pow';
import { I, P } from '../../numeric/kernel-agreement';
import { TestGraph } from '../../numeric/graph';
import { checkOpModule } from '../module-agreement';

checkOpModule(pow, {
  cases: [
    { name: 'a positive base to a scalar power', inputs: [P(3, 4), { shape: [], gen: { values: [1.5] } }], refuses: 'a power with a tensor exponent' },
    { name: 'elementwise exponents', inputs: [P(3, 4), I(4)], refuses: 'a power with a tensor exponent' },
  ],
  python: ['y = numpy.power(X, 3)', 'y = torch.pow(X, 2)', 'y = tensorflow.pow(X, 2.0)', 'y = tensorflow.math.pow(X, X)', 'y = X.pow(3)', 'y = X ** 3'],
});

describe('pow: a constant exponent', () => {
  it('reads as a power of the matrix expression, verified against differences', () => {
    const t = new TestGraph();
    const x = t.input('X', [3, 4]);
    const p = t.op('const', [], { value: 3 });
    t.op('sum', [t.op('pow', [x, p], {}, 'F')], {}, 'E');
    const result = deriveFromGraph(t.graph, 'E', 'X');
    assert.ok(result.ok, !result.ok ? result.error : '');
  });
});
