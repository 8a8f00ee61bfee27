import * as assert from 'node:assert/strict';
import { parseMathSync } from '../../../../src/core/frontends/math/index';
import { equations, slice, stmtKinds } from './helpers';

describe('math statement order and cycles', () => {
  it('puts declarations first and definitions before uses, stably', () => {
    const p = parseMathSync('E = -sum(Y .* log(X))\nX = softmax(Z)\nA: 3 x 4\nZ = A*B\nQ = A');
    assert.deepEqual(stmtKinds(p), [':A', '=Z', '=X', '=E', '=Q']);
    assert.deepEqual(p.problems, []);
  });

  it('reads B = C • B with B declared as a where clause: the uses above it read C·B, those below it the declared B', () => {
    const text = 'B: 3 x 3\nC: 3 x 3\nx = softmax(B*A)\nB = C • B\ny = B\n';
    const p = parseMathSync(text);
    assert.deepEqual(stmtKinds(p), [':B', ':C', '=B', '=x', '=y']);
    assert.deepEqual(equations(p), ['B = matmul(C, B)', 'x = softmax(matmul(C·B, A); axis=-1)', 'y = B']);
    const where = p.stmts[2];
    assert.ok(where.kind === 'assign' && where.standsIn === 'C·B');
    assert.equal(slice(text, where.span), 'B = C • B');
    assert.equal(p.problems.length, 1);
    const [info] = p.problems;
    assert.equal(info.code, 'self-definition');
    assert.equal(info.severity, 'info');
    assert.equal(slice(text, info.span), 'B = C • B');
    assert.equal(info.message, '`B = C·B` is read as a where clause: the B used above it is C·B, with the declared B on the right (and everywhere below)');
    assert.equal(slice(text, info.related[0].span), 'B: 3 x 3');
  });

  it('reports B = C • B as a cyclic definition when B is not declared', () => {
    const text = 'C: 3 x 3\nx = softmax(B*A)\nB = C • B\n';
    const p = parseMathSync(text);
    assert.deepEqual(stmtKinds(p), [':C', '=x', '@B']);
    assert.equal(p.problems.length, 1);
    const [cycle] = p.problems;
    assert.equal(cycle.code, 'cyclic-definition');
    assert.equal(cycle.severity, 'warning');
    assert.equal(cycle.message, '`B` is defined in terms of itself (B = C·B): a cyclic definition; this definition is ignored');
  });

  it('keeps a where clause that closes a longer cycle a cycle', () => {
    const text = 'B: 3 x 3\nC = exp(x)\nx = softmax(B)\nB = C • B\n';
    const p = parseMathSync(text);
    assert.deepEqual(p.problems.map((x) => x.code), ['cyclic-definition']);
  });

  it('gives a longer cycle to the statement that closes it', () => {
    const text = 'x = exp(y)\ny = log(x)\n';
    const p = parseMathSync(text);
    assert.deepEqual(stmtKinds(p), ['=x', '@y']);
    assert.equal(p.problems.length, 1);
    assert.equal(slice(text, p.problems[0].span), 'y = log(x)');
    assert.match(p.problems[0].message, /^`y` is defined in terms of itself through `x` \(y = log\(x\), x = exp\(y\)\): a cyclic definition; this definition is ignored$/);
    assert.equal(slice(text, p.problems[0].related[0].span), 'x = exp(y)');
  });

  it('finds a three-step cycle', () => {
    const p = parseMathSync('a = exp(b)\nb = exp(c)\nc = exp(a)');
    assert.deepEqual(stmtKinds(p), ['=b', '=a', '@c']);
    assert.match(p.problems[0].message, /through `a`, `b`/);
  });

  it('allows a second definition in terms of earlier names, in written order', () => {
    const p = parseMathSync('x = A\ny = x\nx = y + 1\nz = x');
    assert.deepEqual(equations(p), ['x = A', 'y = x', 'x = add(y, 1)', 'z = x']);
    assert.deepEqual(p.problems, []);
  });

  it('reads a use before any definition as the first definition after it', () => {
    const p = parseMathSync('E = sum(x)\nx = exp(A)\nx = log(A)');
    assert.deepEqual(equations(p), ['x = exp(A)', 'E = sum(x)', 'x = log(A)']);
  });

  it('is fast enough for a long note (1,000 lines)', () => {
    const lines: string[] = [];
    for (let i = 0; i < 250; i++) lines.push(`W_${i}: 64 x 64`, `H${i} = relu(W_${i}*H${i - 1} + b)`, `Prose line ${i} about things = stuff.`, `$E_{${i}} = -\\sum_i\\sum_j y_{ij}\\log H${i}_{ij}$`);
    const text = lines.join('\n');
    // Warm the JIT first; the best of several runs is robust to a busy machine. Warm, it takes ~3 ms.
    for (let k = 0; k < 5; k++) parseMathSync(text);
    let best = Infinity;
    for (let k = 0; k < 10; k++) {
      const t0 = performance.now();
      const p = parseMathSync(text);
      best = Math.min(best, performance.now() - t0);
      assert.equal(p.stmts.length, 750);
    }
    assert.ok(best < 50, `took ${best.toFixed(1)} ms`);
  });
});
