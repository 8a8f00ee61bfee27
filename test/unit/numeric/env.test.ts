import { strict as assert } from 'node:assert';
import { checkBudget, NumericEnv } from '../../../src/core/numeric/env';
import { TestGraph } from './graph';

describe('numeric/env', () => {
  it('resolves symbols: analysis bindings, then dims, then the default batch', () => {
    const env = new NumericEnv({ bindings: { N: 64 }, dims: { N: 3, D: 7 }, defaultBatch: 5 });
    assert.deepEqual(env.shape(['N', 'D', '?', 'H', '2*N', 4]), [64, 7, 5, 5, 128, 4]);
    assert.deepEqual([...env.defaulted].sort(), ['?', 'H']);
    assert.equal(new NumericEnv().dim('batch'), 8);
  });

  it('refuses graphs over the element budget, naming the largest tensor', () => {
    const g = new TestGraph();
    const x = g.input('X', [1000, 1000]);
    g.op('exp', [x], {}, 'Y');
    const env = new NumericEnv();
    assert.equal(checkBudget(g.graph, env, [0, 1], 3e6).ok, true);
    const b = checkBudget(g.graph, env, [0, 1], 1e6);
    assert.equal(b.ok, false);
    assert.match((b as { reason: string }).reason, /2\.0M tensor elements, more than the budget of 1\.0M \(the largest is X/);
  });
});
