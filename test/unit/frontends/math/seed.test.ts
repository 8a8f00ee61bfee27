import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AssignStmt } from '../../../../src/core/ir/program';
import { LineIndex } from '../../../../src/core/ir/span';
import { parseMath, parseMathSync } from '../../../../src/core/frontends/math/index';
import { assertNested, assigns, equations, shapes, slice, stmtKinds, sx } from './helpers';

const examples = join(__dirname, '../../../../examples');
const read = (name: string): string => readFileSync(join(examples, name), 'utf8');

function assertSpansSlice(text: string, stmts: AssignStmt[]): void {
  for (const s of stmts) {
    assert.ok(s.target.span.start >= s.span.start && s.target.span.end <= s.span.end, 'target inside the statement');
    assertNested(s.value, s.span, text);
  }
}

describe('math front end on the seed', () => {
  describe('examples/seed.md', () => {
    const text = read('seed.md');

    it('declares A, B, C, Y and defines X, E and the LaTeX x', async () => {
      const p = await parseMath(text, {});
      assert.equal(p.language, 'math');
      assert.deepEqual(shapes(p), ['A[1024, 10]', 'B[1568, 1024]', 'C[?, 1568]', 'Y[?, 10]']);
      assert.deepEqual(equations(p), [
        'X = softmax(matmul(matmul(C, B), A); axis=-1)',
        'E = neg(sum(mul(Y, log(X))))',
        'x = softmax(matmul(matmul(C, B), A); axis=-1)',
      ]);
      assert.deepEqual(p.problems, []);
    });

    it('keeps spans that slice back to the source', () => {
      const p = parseMathSync(text);
      const [X, E, x] = assigns(p);
      assert.equal(slice(text, X.span), 'X = softmax(C*B*A)');
      assert.equal(slice(text, X.target.span), 'X');
      assert.equal(slice(text, X.value.span), 'softmax(C*B*A)');
      assert.equal(slice(text, E.value.span), '-sum(Y .* log(X))');
      assert.equal(slice(text, x.target.span), '\\mathbf{x}');
      assert.equal(slice(text, x.value.span), '\\operatorname{softmax}(\\mathbf{C}\\bullet \\mathbf{B}\\bullet \\mathbf{A})');
      const lines = new LineIndex(text);
      assert.equal(lines.lineOf(X.span.start), 10);
      assertSpansSlice(text, assigns(p));
    });
  });

  describe('examples/seed_question.md (the question as asked)', () => {
    const text = read('seed_question.md');
    const p = parseMathSync(text);
    const lines = new LineIndex(text);

    it('declares A, B, C from the "respectively" sentence', () => {
      assert.deepEqual(shapes(p), ['A[1024, 10]', 'B[1568, 1024]', 'C[?, 1568]']);
      for (const d of p.stmts.filter((s) => s.kind === 'declare')) assert.equal(lines.lineOf(d.span.start), 15);
    });

    it('reads the align block: E = -sum(a .* log(x)), x = softmax(B*A) and B = C*B', () => {
      const byLine = assigns(p).filter((s) => lines.lineOf(s.span.start) === 13);
      assert.deepEqual(byLine.map((s) => `${s.target.kind === 'name' && s.target.name} = ${sx(s.value)}`).sort(), [
        'B = matmul(C, B)',
        'E = neg(sum(mul(a, log(x))))',
        'x = softmax(matmul(C·B, A); axis=-1)',
      ]);
      const E = byLine.find((s) => s.target.kind === 'name' && s.target.name === 'E')!;
      assert.equal(slice(text, E.target.span), '\\operatorname[X]');
      assert.equal(slice(text, E.span), '\\operatorname[X] &= -\\sum_i \\sum_j a_{ij} * \\operatorname{log}(x_{ij})');
    });

    it('reads B = C • B as a where clause on its line, an information and not a warning', () => {
      const infos = p.problems.filter((x) => x.code === 'self-definition');
      assert.equal(infos.length, 1);
      const [c] = infos;
      assert.equal(c.severity, 'info');
      assert.equal(lines.lineOf(c.span.start), 13);
      assert.equal(slice(text, c.span), '\\mathbf{B} &= \\mathbf{C} \\bullet \\mathbf{B}');
      assert.equal(c.message, '`B = C·B` is read as a where clause: the B used above it is C·B, with the declared B on the right (and everywhere below)');
      const B = assigns(p).find((s) => s.target.kind === 'name' && s.target.name === 'B');
      assert.equal(B?.standsIn, 'C·B');
      const kinds = stmtKinds(p);
      assert.ok(kinds.indexOf('=B') < kinds.indexOf('=x'), kinds.join(' '));
    });

    it('orders x before E, and declarations first', () => {
      const kinds = stmtKinds(p);
      assert.deepEqual(kinds.slice(0, 3), [':A', ':B', ':C']);
      const firstX = kinds.indexOf('=x');
      const firstE = kinds.indexOf('=E');
      assert.ok(firstX >= 0 && firstE > firstX, kinds.join(' '));
    });

    it('reads the earlier inline definitions (Error, actualX = a, readoutX = x)', () => {
      const eqs = equations(p);
      assert.ok(eqs.includes('Error = neg(sum(mul(actualX, log(readoutX))))'), eqs.join('\n'));
      assert.ok(eqs.includes('actualX = a'));
      assert.ok(eqs.includes('readoutX = x'));
    });

    it('reads the answer, with LaTeX juxtaposed letters as products once the names are known', () => {
      const eqs = equations(p);
      assert.ok(eqs.includes('X = softmax(matmul(matmul(C, B), A); axis=-1)'), eqs.join('\n'));
      assert.ok(eqs.includes('z = matmul(M, c)'));
      assert.ok(eqs.includes('c = reshape(transpose(C), (-1, 1))'));
      assert.ok(eqs.includes('E = sum(mul(neg(y), log(x)))'));
      assert.ok(eqs.includes('M = kron(matmul(transpose(A), transpose(B)), eye(div(dim(c, 0), dim(matmul(transpose(A), transpose(B)), 1))))'), eqs.join('\n'));
      // The derivation in differentials (dx = …, dE = …) is not a set of definitions.
      assert.ok(!eqs.some((e) => e.startsWith('dx =') || e.startsWith('dE =')), eqs.join('\n'));
    });

    it('reports nothing else: no syntax errors from the prose or the derivations', () => {
      assert.deepEqual(p.problems.map((x) => x.code), ['self-definition']);
    });

    it('keeps every span inside its statement', () => {
      assertSpansSlice(text, assigns(p));
    });
  });

  it('the seed thread as stored in shared/seeds, when present, is examples/seed_question.md byte for byte', () => {
    let text: string;
    try {
      text = readFileSync('/work/shared/seeds/000_cf10be14d4898290.txt', 'utf8');
    } catch {
      return;
    }
    assert.equal(read('seed_question.md'), text);
  });
});
