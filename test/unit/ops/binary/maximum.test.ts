import { strict as assert } from 'node:assert';
import { deriveFromGraph } from '../../../../src/core/grad/from-graph';
import { maximum } from '../../../../src/core/ops/binary/maximum';
import { I } from '../../numeric/kernel-agreement';
import { TestGraph } from '../../numeric/graph';
import { checkOpModule } from '../module-agreement';

checkOpModule(maximum, {
  cases: [
    { name: 'against a scalar', inputs: [I(3, 4), { shape: [], gen: { values: [0.05] } }], refuses: 'maximum in F' },
    { name: 'two matrices', inputs: [I(3, 4), I(3, 4)], refuses: 'maximum in F' },
  ],
  python: ['y = numpy.maximum(X, 0)', 'y = torch.maximum(X, X)', 'y = tensorflow.maximum(X, 0.0)', 'y = tensorflow.math.maximum(X, X)', 'y = max(X, 0)'],
});

describe('maximum: with 0', () => {
  for (const zeroFirst of [false, true]) {
    it(`reads maximum(${zeroFirst ? '0, X' : 'X, 0'}) as relu(X)`, () => {
      const t = new TestGraph();
      const x = t.input('X', [3, 4]);
      const zero = t.op('const', [], { value: 0 });
      t.op('sum', [t.op('maximum', zeroFirst ? [zero, x] : [x, zero], {}, 'F')], {}, 'E');
      const result = deriveFromGraph(t.graph, 'E', 'X');
      assert.ok(result.ok, !result.ok ? result.error : '');
      assert.equal(result.steps[0].text, 'Let F = relu(X)');
      assert.equal(result.gradient.text, '[X > 0]');
    });
  }
});
