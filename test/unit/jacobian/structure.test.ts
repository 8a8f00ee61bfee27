import { strict as assert } from 'node:assert';
import { jacobianOf } from '../../../src/core/jacobian/index';
import type { VecOrder } from '../../../src/core/jacobian/types';
import { type Case, CASES } from './cases';
import { materialise } from './materialise';
import { maxAbs, maxAbsDiff, numericNonzeros, useCpu } from './numeric';

const VECS: VecOrder[] = ['column-major', 'row-major'];

describe('Jacobian structure, checked against TensorFlow.js', () => {
  before(useCpu);

  for (const c of CASES) {
    describe(c.title, () => {
      for (const vec of VECS) {
        const expected = c.expect[vec];
        it(`${vec}: ${expected.structure}${expected.formula ? `, ${expected.formula}` : ''}`, () => {
          const { result, numeric, lookup } = materialise(c, vec);
          assert.equal(result.vec, vec);
          assert.equal(result.structure, expected.structure, `class (formula ${result.formula.text})`);
          assert.equal(result.rowsFormula, c.rowsFormula);
          assert.equal(result.colsFormula, c.colsFormula);
          assert.equal(result.rows, numeric.rows);
          assert.equal(result.cols, numeric.cols);
          if (expected.formula) assert.equal(result.formula.text, expected.formula);

          // The structural pattern holds every numerically nonzero entry, and (values being generic) no more.
          assert.ok(result.pattern, 'pattern listed');
          const structural = new Set(result.pattern.nonzeros.map(([i, j]) => `${i},${j}`));
          const observed = numericNonzeros(numeric);
          const missing = [...observed].filter((k) => !structural.has(k));
          assert.deepEqual(missing, [], 'numeric nonzeros outside the structural pattern');
          const spurious = [...structural].filter((k) => !observed.has(k));
          if (expected.structure !== 'zero') assert.deepEqual(spurious, [], 'structural nonzeros that are numerically zero');
          assert.equal(result.density, structural.size / (result.rows * result.cols));

          if (expected.closed) {
            const closed = expected.closed(lookup);
            const err = maxAbsDiff(closed, numeric);
            assert.ok(err <= 1e-4 * Math.max(1, maxAbs(numeric)), `closed form differs from the numeric Jacobian by ${err}`);
          }
        });
      }
    });
  }

  it('reads the same from the expression text as from its graph', () => {
    const c = CASES.find((x) => x.title.startsWith('row-wise softmax')) as Case;
    for (const vec of VECS) {
      const fromText = jacobianOf(c.expr as string, { wrt: c.wrt, shapes: c.shapes, vec });
      const { result } = materialise(c, vec);
      assert.equal(fromText.structure, result.structure);
      assert.equal(fromText.formula.text, result.formula.text);
      assert.deepEqual(fromText.pattern, result.pattern);
    }
  });

  it('defaults to column-major vec for math notation', () => {
    assert.equal(jacobianOf('A*X', { wrt: 'X', shapes: { A: [2, 3], X: [3, 4] } }).vec, 'column-major');
  });
});
