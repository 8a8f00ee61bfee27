import { strict as assert } from 'node:assert';
import { baseName, variableOf } from '../../../src/core/check/names';

describe('check/names: gradient naming conventions', () => {
  const vars = ['W', 'W1', 'W2', 'b1', 'scores', 'h', 'C', 'X', 'out', 'self.W3', "params['W4']", 'theta', 'self.W', 'gamma', 'amma', 'W_2', 'W22'];
  const cases: [string, string | null][] = [
    ['dW', 'W'],
    ['dW2', 'W2'],
    ['db1', 'b1'],
    ['dscores', 'scores'],
    ['dh', 'h'],
    ['d_W1', 'W1'],
    ['grad_W', 'W'],
    ['gradW2', 'W2'],
    ['W_grad', 'W'],
    ['dL_dW', 'W'],
    ['dE_dC', 'C'],
    ['dLdX', 'X'],
    ['dloss_dW1', 'W1'],
    ["grads['W2']", 'W2'],
    ['grads["b1"]', 'b1'],
    ['grads.W1', 'W1'],
    ['dout', 'out'],
    ['dW3', 'self.W3'],
    ["grads['W4']", "params['W4']"],
    ['dW_1', 'W1'],
    ['d_W_1', 'W1'],
    ['dW_2', 'W_2'],
    ['gW', 'W'],
    ['g_W1', 'W1'],
    ['gamma', null],
    ['dtheta', 'theta'],
    ['dLdW', 'W'],
    ['self.dW', 'self.W'],
    ['self.dW1', 'W1'],
    ['self.grad_W2', 'W2'],
    ['data', null],
    ['delta', null],
    ['dZ', null],
    ['W', null],
    // The hand-written one beside the library's: `dW_hand` next to `dW` from a GradientTape.
    ['dW_hand', 'W'],
    ['dW1_manual', 'W1'],
    ['grad_W2_analytic', 'W2'],
    ['dh_by_hand', 'h'],
    ['dhand', null],
  ];
  for (const [name, want] of cases) it(`${name} → ${want}`, () => assert.equal(variableOf(name, 'loss', vars), want));

  it('reads the last component of dotted and subscripted names', () => {
    assert.equal(baseName('self.fc1.weight'), 'weight');
    assert.equal(baseName("params['W1']"), 'W1');
  });
});
