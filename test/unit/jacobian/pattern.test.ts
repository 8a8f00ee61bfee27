import { strict as assert } from 'node:assert';
import type { Expr } from '../../../src/core/ir/program';
import { booleanProduct } from '../../../src/core/jacobian/boolean-product';
import { buildChain } from '../../../src/core/jacobian/chain';
import { traceExpression } from '../../../src/core/trace/expression';
import { jacobianOf } from '../../../src/core/jacobian/index';
import { Namer } from '../../../src/core/jacobian/names';
import { countNonzeros, enumerateSupport, vecStrides } from '../../../src/core/jacobian/pattern';
import { classifyPattern } from '../../../src/core/jacobian/pattern-class';
import { concreteSize } from '../../../src/core/jacobian/sizes';
import type { VecOrder } from '../../../src/core/jacobian/types';
import { call, CASES, name, num } from './cases';

const VECS: VecOrder[] = ['column-major', 'row-major'];

describe('Jacobian sparsity patterns', () => {
  describe('the composite pattern is the boolean product of the ops’ patterns', () => {
    for (const c of CASES) {
      it(c.title, () => {
        const traced = traceExpression(c.expr, c.shapes, c.dims);
        const of = traced.graph.names.get(traced.output) as number;
        const wrt = traced.graph.names.get(c.wrt) as number;
        for (const vec of VECS) {
          const chain = buildChain(traced.graph, of, wrt, vec, new Namer(traced.graph));
          const size = (d: number | string) => concreteSize(d, c.dims ?? {});
          const product = booleanProduct(traced.graph, chain, of, wrt, vec, size, 1e6);
          const listed = jacobianOf(traced.graph, { wrt: c.wrt, of: traced.output, vec, dims: c.dims }).pattern?.nonzeros;
          assert.deepEqual(listed, product, vec);
          if (chain.terms) {
            const axes = { out: chain.axes.out.map((a) => ({ ix: a.ix, size: size(a.size) })), in: chain.axes.in.map((a) => ({ ix: a.ix, size: size(a.size) })) };
            assert.deepEqual(enumerateSupport(chain.terms, axes, vec), product, `${vec}: symbolic support`);
          }
        }
      });
    }
  });

  it('counts the union of terms exactly when one term’s support holds the others (softmax: Diag(s) − ssᵀ)', () => {
    const r = jacobianOf('softmax(Z)', { wrt: 'Z', shapes: { Z: [3, 4] }, maxPatternEntries: 0 });
    assert.equal(r.pattern, null);
    assert.equal(r.nonzeros, 3 * 4 * 4);
    const axes = { out: [{ ix: 'o', size: 3 }], in: [{ ix: 'i', size: 3 }] };
    const diagonal = { coef: 1, mul: [], den: [], factors: [{ kind: 'delta' as const, a: 'o', b: 'i' }] };
    assert.deepEqual(countNonzeros([diagonal], axes), { exact: 3, lower: 3, upper: 3 });
    assert.equal(countNonzeros([diagonal, { ...diagonal, factors: [] }], axes).exact, 9);
  });

  it('refuses to list more than the bound', () => {
    const axes = { out: [{ ix: 'o', size: 2000 }], in: [{ ix: 'i', size: 2000 }] };
    assert.equal(enumerateSupport([{ coef: 1, mul: [], den: [], factors: [] }], axes, 'row-major', 1_000_000), null);
  });

  it('flattens row-major with the last axis fastest and column-major with the first', () => {
    assert.deepEqual(vecStrides([2, 3, 4], 'row-major'), [12, 4, 1]);
    assert.deepEqual(vecStrides([2, 3, 4], 'column-major'), [1, 2, 6]);
  });

  it('classifies concrete patterns', () => {
    assert.equal(classifyPattern([], 3, 3).structure, 'zero');
    assert.equal(classifyPattern([[0, 0], [2, 2]], 3, 3).structure, 'diagonal');
    assert.equal(classifyPattern([[0, 1], [1, 0]], 2, 2, true).structure, 'permutation');
    assert.equal(classifyPattern([[0, 1], [1, 0]], 2, 2).structure, 'sparse');
    assert.deepEqual(classifyPattern([[0, 0], [0, 1], [1, 2], [1, 3]], 2, 4), { structure: 'block-diagonal', blocks: { count: 2, rows: 1, cols: 2 } });
    assert.equal(classifyPattern([[0, 0], [0, 1], [1, 0], [1, 1]], 2, 2).structure, 'dense');
    assert.equal(classifyPattern([[0, 0], [0, 3]], 2, 4).structure, 'sparse');
  });

  it('gathers P[range(N), y]: each output reads its own row of P, at a column the labels pick', () => {
    const at = { start: 0, end: 0 };
    const picked: Expr = { kind: 'index', target: name('P'), items: [{ kind: 'expr', expr: call('arange', [num(3)]), span: at }, { kind: 'expr', expr: name('y'), span: at }], span: at };
    const r = jacobianOf(picked, { wrt: 'P', shapes: { P: [3, 4], y: [3] }, vec: 'row-major' });
    // The labels are unknown, so any column of row n is possible: 3 blocks of 1×4.
    assert.equal(r.structure, 'block-diagonal');
    assert.deepEqual(r.blocks, { count: 3, countFormula: '3', rows: 1, cols: 4, rowsFormula: '1', colsFormula: '4' });
    assert.equal(r.nonzeros, 12);
    assert.equal(r.formula.text, 'S');
  });
});
