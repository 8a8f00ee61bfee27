import { strict as assert } from 'node:assert';
import { OPS } from '../../../src/core/ir/ops';
import { LEAF_OPS } from '../../../src/core/ops/creation/index';
import { JACOBIAN_RULES } from '../../../src/core/jacobian/rules/index';
import { opJacobians } from '../../../src/core/jacobian/index';
import { traceExpression } from '../../../src/core/trace/expression';

/** Leaves have no operands, so no Jacobian of their own. */
const LEAVES = new Set<string>(LEAF_OPS.map((m) => m.name));

describe('the op table’s Jacobian part', () => {
  it('has a rule for every graph op with operands', () => {
    const missing = Object.keys(OPS).filter((op) => !LEAVES.has(op) && !JACOBIAN_RULES[op]);
    assert.deepEqual(missing, []);
  });

  it('lists each op’s Jacobian with respect to each operand, for the panel', () => {
    const traced = traceExpression('X = softmax(C*B*A)', { C: ['N', 5], B: [5, 4], A: [4, 3] });
    const list = opJacobians(traced.graph, { language: 'math', dims: { N: 2 } });
    assert.deepEqual(
      list.map((j) => `${j.op} ∂${j.of}/∂${j.wrt}: ${j.structure} ${j.formula.text}`),
      [
        'matmul ∂CB/∂C: kronecker Bᵀ ⊗ I_N',
        'matmul ∂CB/∂B: kronecker I_4 ⊗ C',
        'matmul ∂CBA/∂CB: kronecker Aᵀ ⊗ I_N',
        'matmul ∂CBA/∂A: kronecker I_3 ⊗ CB',
        'softmax ∂X/∂CBA: sparse K_{3,N} blockdiag_{n=1..N}(Diag(xₙ) − xₙxₙᵀ) K_{N,3}',
      ],
    );
    assert.ok(list.every((j) => j.vec === 'column-major' && j.pattern !== null));
  });
});
