import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { analyze } from '../../../src/core/analyze';
import { jacobianOf } from '../../../src/core/jacobian/index';
import type { VecOrder } from '../../../src/core/jacobian/types';
import { type Case, softmaxBlocks, toColumnMajor } from './cases';
import { blockdiag, type Dense, eye, kron, matmul, maxAbs, maxAbsDiff, numericNonzeros, rowVectors, transpose, useCpu } from './numeric';
import { materialise } from './materialise';

/**
 * The seed question: X = softmax(C·B·A) with C N×1568, B 1568×1024, A 1024×10, checked at
 * small sizes (C N×5, B 5×4, A 4×3, N = 2) against TensorFlow.js, and then read at the
 * real sizes.
 */
const shapes = { C: ['N', 5], B: [5, 4], A: [4, 3] };
const N = 2;
const seed = (wrt: string): Case => ({ title: `seed wrt ${wrt}`, expr: 'X = softmax(C*B*A)', shapes, wrt, dims: { N }, rowsFormula: '3N', colsFormula: '', expect: {} as Case['expect'] });

/** blockdiag(Dₙ) in the given vec order, Dₙ = Diag(xₙ) − xₙxₙᵀ. */
function softmaxJ(x: Dense, vec: VecOrder): Dense {
  const row = softmaxBlocks(x);
  return vec === 'row-major' ? row : toColumnMajor(row, N, 3, N, 3);
}

interface Expect {
  structure: string;
  colsFormula: string;
  formula: string;
  closed: (v: (n: string) => Dense) => Dense;
}

const EXPECT: Record<string, Record<VecOrder, Expect>> = {
  C: {
    'row-major': {
      structure: 'block-diagonal',
      colsFormula: '5N',
      formula: 'blockdiag_{n=1..N}((Diag(xₙ) − xₙxₙᵀ)(BA)ᵀ)',
      closed: (v) => blockdiag(rowVectors(v('X')).map((_, n) => matmul(blockOf(v('X'), n), transpose(matmul(v('B'), v('A')))))),
    },
    'column-major': {
      structure: 'sparse',
      colsFormula: '5N',
      formula: 'K_{3,N} blockdiag_{n=1..N}((Diag(xₙ) − xₙxₙᵀ)(BA)ᵀ) K_{N,5}',
      closed: (v) => toColumnMajor(blockdiag(rowVectors(v('X')).map((_, n) => matmul(blockOf(v('X'), n), transpose(matmul(v('B'), v('A')))))), N, 3, N, 5),
    },
  },
  B: {
    'row-major': { structure: 'dense', colsFormula: '20', formula: 'blockdiag_{n=1..N}(Diag(xₙ) − xₙxₙᵀ) (C ⊗ Aᵀ)', closed: (v) => matmul(softmaxJ(v('X'), 'row-major'), kron(v('C'), transpose(v('A')))) },
    'column-major': { structure: 'dense', colsFormula: '20', formula: 'K_{3,N} blockdiag_{n=1..N}(Diag(xₙ) − xₙxₙᵀ) K_{N,3} (Aᵀ ⊗ C)', closed: (v) => matmul(softmaxJ(v('X'), 'column-major'), kron(transpose(v('A')), v('C'))) },
  },
  A: {
    'row-major': { structure: 'dense', colsFormula: '12', formula: 'blockdiag_{n=1..N}(Diag(xₙ) − xₙxₙᵀ) (CB ⊗ I_3)', closed: (v) => matmul(softmaxJ(v('X'), 'row-major'), kron(matmul(v('C'), v('B')), eye(3))) },
    'column-major': { structure: 'dense', colsFormula: '12', formula: 'K_{3,N} blockdiag_{n=1..N}(Diag(xₙ) − xₙxₙᵀ) K_{N,3} (I_3 ⊗ CB)', closed: (v) => matmul(softmaxJ(v('X'), 'column-major'), kron(eye(3), matmul(v('C'), v('B')))) },
  },
};

/** Dₙ for row n of X. */
function blockOf(x: Dense, n: number): Dense {
  return softmaxBlocks({ rows: 1, cols: x.cols, data: x.data.slice(n * x.cols, (n + 1) * x.cols) });
}

describe('the seed: X = softmax(C·B·A)', () => {
  before(useCpu);

  for (const wrt of ['C', 'B', 'A']) {
    for (const vec of ['column-major', 'row-major'] as VecOrder[]) {
      const e = EXPECT[wrt][vec];
      it(`∂vec X/∂vec ${wrt}, ${vec}: ${e.structure}, ${e.formula}`, () => {
        const { result, numeric, lookup } = materialise(seed(wrt), vec);
        assert.equal(result.structure, e.structure);
        assert.equal(result.rowsFormula, '3N');
        assert.equal(result.colsFormula, e.colsFormula);
        assert.equal(result.formula.text, e.formula);
        assert.ok(result.pattern);
        const structural = new Set(result.pattern.nonzeros.map(([i, j]) => `${i},${j}`));
        assert.deepEqual([...numericNonzeros(numeric)].sort(), [...structural].sort());
        const closed = e.closed(lookup);
        assert.ok(maxAbsDiff(closed, numeric) <= 1e-4 * Math.max(1, maxAbs(numeric)));
      });
    }
  }

  it('with respect to C it is block-diagonal in row-major order: N blocks of 3×5, density 1/N', () => {
    const { result } = materialise(seed('C'), 'row-major');
    assert.deepEqual(result.blocks, { count: N, countFormula: 'N', rows: 3, cols: 5, rowsFormula: '3', colsFormula: '5', structure: 'dense' });
    assert.equal(result.density, 1 / N);
  });

  describe('at the real sizes (C N×1568, B 1568×1024, A 1024×10, N = 2)', () => {
    const real = { C: ['N', 1568], B: [1568, 1024], A: [1024, 10] };

    it('∂vec X/∂vec C is 10N × 1568N, N blocks of 10×1568 in row-major order; (BA)ᵀ ⊗ I_N before the softmax', () => {
      const r = jacobianOf('X = softmax(C*B*A)', { wrt: 'C', shapes: real, dims: { N: 2 }, vec: 'row-major' });
      assert.equal(r.rowsFormula, '10N');
      assert.equal(r.colsFormula, '1568N');
      assert.equal(r.rows, 20);
      assert.equal(r.cols, 3136);
      assert.equal(r.structure, 'block-diagonal');
      assert.equal(r.blocks?.rowsFormula, '10');
      assert.equal(r.blocks?.colsFormula, '1568');
      assert.equal(r.pattern?.nonzeros.length, 2 * 10 * 1568);
      const linear = jacobianOf('Z = C*B*A', { wrt: 'C', shapes: real, vec: 'column-major', maxPatternEntries: 0 });
      assert.equal(linear.formula.text, '(BA)ᵀ ⊗ I_N');
      assert.equal(linear.formula.latex, '\\left(B A\\right)^\\top \\otimes I_{N}');
      assert.equal(jacobianOf('Z = C*B*A', { wrt: 'C', shapes: real, vec: 'row-major', maxPatternEntries: 0 }).formula.text, 'I_N ⊗ (BA)ᵀ');
    });

    it('∂vec X/∂vec B is dense 10N × 1605632: too large to list, and says so', () => {
      const r = jacobianOf('X = softmax(C*B*A)', { wrt: 'B', shapes: real, dims: { N: 2 } });
      assert.equal(r.structure, 'dense');
      assert.equal(r.pattern, null);
      assert.equal(r.nonzeros, 20 * 1568 * 1024);
      assert.match(r.patternOmitted ?? '', /more than 1,000,000/);
    });
  });

  it('reads the seed as written in examples/seed.md (C: ? x 1568), the unknown batch named N', async () => {
    const analysis = await analyze(readFileSync('examples/seed.md', 'utf8'), { language: 'math' });
    const x = jacobianOf(analysis, { wrt: 'C', of: 'X', maxPatternEntries: 0 });
    assert.equal(x.vec, 'column-major');
    assert.equal(`${x.rowsFormula} × ${x.colsFormula}`, '10N × 1568N');
    assert.equal(x.structure, 'sparse');
    assert.match(x.note ?? '', /block-diagonal \(N blocks of 10×1568\) in row-major order/);
    const e = jacobianOf(analysis, { wrt: 'C', of: 'E', maxPatternEntries: 0 });
    assert.equal(`${e.rowsFormula} × ${e.colsFormula}`, '1 × 1568N');
    assert.equal(e.structure, 'dense');
  });
});
