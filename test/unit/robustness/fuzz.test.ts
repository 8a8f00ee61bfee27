import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyze, checkGradients, derive, JacobianError, jacobianOf } from '../../../src/core/index';
import { MAX_TREE_DEPTH } from '../../../src/core/frontends/python/tree';
import { MAX_EXPR_DEPTH } from '../../../src/core/ir/depth';
import { problemViolations, runAll, runExpression } from './invariants';
import { corpus, MUTATION_NAMES, MUTATIONS, mutants, Random } from './mutations';

/**
 * Issue 6, fuzzing: analyze, check, derive and jacobian end by themselves with a result or
 * problems, never an exception; every span lies inside the document. Two halves: properties
 * over generated inputs (fast-check, fixed seeds so a failure reproduces), and a sweep of
 * mutations over the examples and fixtures (every kind of mutation on every file).
 */
const SEED = 20240611;

/** Messages that mean a JavaScript bug surfaced as a problem rather than a statement about the code. */
const JS_BUG = /Maximum call stack|Cannot read propert|is not a function|is not iterable|Invalid array length|undefined \(reading|Set maximum size/;

function assertClean(label: string, report: { violations: string[]; internal: string[] }): void {
  assert.deepEqual(report.violations, [], `${label}:\n${report.violations.join('\n')}`);
  const bugs = report.internal.filter((m) => JS_BUG.test(m));
  assert.deepEqual(bugs, [], `${label}:\n${bugs.join('\n')}`);
}

const PY_TOKENS = ['x', 'W', 'b', 'N', 'np', '.', 'torch', 'nn', 'F', 'relu', 'exp', 'log', 'sum', 'reshape', 'T', '(', ')', '[', ']', '{', '}', ',', ':', '=', '+=', '-=', '@', '*', '/', '//', '**', '+', '-', '0', '1', '-1', '8', '784', '10**30', '99999999999', '1e308', 'None', 'True', 'axis', 'keepdims', 'def', 'class', 'return', 'for', 'in', 'range', 'if', 'else', 'lambda', 'import', 'as', '#', '# x: (N, 784)', '"s"', "'''", '\n', '\n    ', '\n        ', ' ', '\t', '\\', '\0', '\r\n', 'é', '𝐖', '…', '...'];
const MATH_TOKENS = ['A', 'B', 'C', 'X', 'Y', 'E', 'x', '=', ':', '*', '.*', './', '+', '-', "'", '^T', '^', '{', '}', '(', ')', '[', ']', ',', 'x', '×', '?', 'N', '1024', '10', 'softmax', 'log', 'exp', 'sum', 'tr', 'inv', '\\log', '\\mathbf{A}', '\\bullet', '\\odot', '\\sum_i', '\\operatorname{softmax}', '$$', '$', '\n', ' ', '∈', 'R^{N×10}', '‖', '|', '\\frac{', 'é', '\0'];

const tokenSoup = (tokens: string[], max: number) => fc.array(fc.constantFrom(...tokens), { maxLength: max }).map((ts) => ts.join(''));

/** Plausible NumPy code: random sizes (huge, zero and negative ones too) and ops chained on earlier names. */
const numpyProgram = fc
  .record({
    sizes: fc.array(fc.oneof(fc.integer({ min: 1, max: 12 }), fc.constantFrom(0, -1, 100000, 99999999999, 2 ** 40)), { minLength: 3, maxLength: 3 }),
    ops: fc.array(
      fc.record({
        kind: fc.constantFrom('matmul', 'add', 'relu', 'exp', 'log', 'sum', 'mean', 'T', 'reshape', 'softmax', 'index', 'div', 'max', 'inplace', 'loop'),
        a: fc.nat(),
        b: fc.nat(),
      }),
      { minLength: 1, maxLength: 10 },
    ),
    loss: fc.boolean(),
    grad: fc.boolean(),
  })
  .map(({ sizes, ops, loss, grad }) => {
    const [N, D, K] = sizes;
    const lines = ['import numpy as np', `N, D, K = ${N}, ${D}, ${K}`, 'X = np.random.randn(N, D)', 'W = np.random.randn(D, K) * 0.1', 'y = np.random.randint(0, K, N)'];
    const names = ['X', 'W'];
    ops.forEach((o, i) => {
      const a = names[o.a % names.length];
      const b = names[o.b % names.length];
      const v = `v${i}`;
      const rhs: Record<string, string> = {
        matmul: `${a} @ ${b}`,
        add: `${a} + ${b}`,
        relu: `np.maximum(0, ${a})`,
        exp: `np.exp(${a})`,
        log: `np.log(${a})`,
        sum: `${a}.sum(axis=1, keepdims=True)`,
        mean: `np.mean(${a}, axis=0)`,
        T: `${a}.T`,
        reshape: `${a}.reshape(-1, K)`,
        softmax: `np.exp(${a}) / np.sum(np.exp(${a}), axis=1, keepdims=True)`,
        index: `${a}[np.arange(N), y]`,
        div: `${a} / ${b}`,
        max: `${a} - ${a}.max(axis=1, keepdims=True)`,
        inplace: `${a}.copy()\n${v}[${a} <= 0] = 0`,
        loop: `${a}\nfor i in range(${o.b % 70}):\n    ${v} = ${v} * 0.5`,
      };
      lines.push(`${v} = ${rhs[o.kind]}`);
      names.push(v);
    });
    const last = names[names.length - 1];
    if (loss) lines.push(`loss = np.sum(${last} * ${last})`);
    if (grad) lines.push(`dW = X.T @ np.ones((N, K))`);
    return lines.join('\n') + '\n';
  });

/** Math-notation expressions over A (n×n), B (n×k), x (n) and Y (n×k), with random nesting. */
const mathExpr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('A', 'B', 'x', 'Y', '2', "A'", 'x\''),
    fc.tuple(tie('e'), fc.constantFrom('*', '.*', '+', '-', './'), tie('e')).map(([a, op, b]) => `${a} ${op} ${b}`),
    fc.tuple(fc.constantFrom('exp', 'log', 'tanh', 'sum', 'softmax', 'tr', 'sigmoid', 'sqrt', 'inv'), tie('e')).map(([f, a]) => `${f}(${a})`),
    tie('e').map((a) => `(${a})'`),
  ),
})).e;

describe('robustness: fuzzing (property-based)', function () {
  this.timeout(300_000);

  it('analyze: any string at all (lone surrogates, NUL, CR) in both languages', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), fc.constantFrom('python' as const, 'math' as const), async (text, language) => {
        const a = await analyze(text, { language });
        assert.deepEqual(problemViolations('analyze', a.problems, text.length), []);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('analyze and check: token soup of Python', async () => {
    await fc.assert(
      fc.asyncProperty(tokenSoup(PY_TOKENS, 120), async (text) => {
        assertClean('soup', await runAll('soup', text, 'python', { timeBudgetMs: 500, maxPatternEntries: 1000 }));
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('analyze and check: token soup of math notation', async () => {
    await fc.assert(
      fc.asyncProperty(tokenSoup(MATH_TOKENS, 80), async (text) => {
        assertClean('math soup', await runAll('math soup', text, 'math', { timeBudgetMs: 500, maxPatternEntries: 1000 }));
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('analyze, check, derive, jacobian: generated NumPy programs with odd sizes', async () => {
    await fc.assert(
      fc.asyncProperty(numpyProgram, async (text) => {
        assertClean('program', await runAll('program', text, 'python', { timeBudgetMs: 1000, maxPatternEntries: 1000 }));
      }),
      { seed: SEED, numRuns: 120 },
    );
  });

  it('analyze with a selection: any range inside the text', async () => {
    const sources = corpus();
    await fc.assert(
      fc.asyncProperty(fc.nat(sources.length - 1), fc.nat(), fc.nat(), async (k, a, b) => {
        const s = sources[k];
        const [start, end] = [a % (s.text.length + 1), b % (s.text.length + 1)].sort((x, y) => x - y);
        const r = await analyze(s.text, { language: s.language, range: { start, end } });
        assert.deepEqual(problemViolations(s.name, r.problems, s.text.length), []);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it('derive and jacobian: generated expressions and shapes', () => {
    fc.assert(
      fc.property(mathExpr, fc.constantFrom(1, 2, 3, 4, 99999999999), fc.constantFrom('A', 'B', 'x', 'Y'), (expr, n, wrt) => {
        const shapes = { A: [n, n], B: [n, 3], x: [n], Y: [n, 3] };
        assert.deepEqual(runExpression(expr, `sum(${expr})`, shapes, wrt), []);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('derive and jacobian: garbage expressions and shapes that are not shapes', () => {
    fc.assert(
      fc.property(tokenSoup(MATH_TOKENS, 40), fc.array(fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constantFrom('N', '?', '', 'x')), { maxLength: 3 }), (expr, dims) => {
        assert.deepEqual(runExpression(expr, expr, { A: dims, B: [2, 2] }, 'A'), []);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe('robustness: fuzzing (mutation sweep over examples and fixtures)', function () {
  this.timeout(600_000);
  const sources = corpus();

  it('the corpus holds the examples (.py, .md) and every fixture', () => {
    assert.ok(sources.some((s) => s.name === 'examples/seed.md' && s.language === 'math'));
    assert.ok(sources.some((s) => s.name.startsWith('test/fixtures/check/')));
    assert.ok(sources.some((s) => s.name.startsWith('test/fixtures/robustness/')));
    assert.ok(sources.length >= 20, `${sources.length} sources`);
  });

  it(`analyze: every mutation kind (${MUTATION_NAMES.length}) on every file, two seeds`, async () => {
    const all = [...mutants(sources, MUTATION_NAMES.length, 1), ...mutants(sources, MUTATION_NAMES.length, 2)];
    const failures: string[] = [];
    for (const m of all) {
      try {
        const a = await analyze(m.text, { language: m.language });
        failures.push(...problemViolations(m.label, a.problems, m.text.length));
        failures.push(...a.problems.filter((p) => p.code === 'internal-error' && JS_BUG.test(p.message)).map((p) => `${m.label}: ${p.message}`));
      } catch (err) {
        failures.push(`${m.label}: analyze threw ${(err as Error).message}`);
      }
    }
    assert.deepEqual(failures, [], failures.slice(0, 20).join('\n'));
  });

  it('analyze, check, derive and jacobian: a sample of every mutation kind on every file', async () => {
    // Each file gets every kind once over the sweep (stacked mutations now and then); checks have a short time budget.
    const all = mutants(sources, MUTATION_NAMES.length, 3).filter((_, i) => i % 3 === 0);
    for (const m of all) assertClean(m.label, await runAll(m.label, m.text, m.language, { timeBudgetMs: 800, maxPatternEntries: 1000 }));
  });

  it('deep nesting is a problem at the statement, not a stack overflow (2,000 and 20,000 levels)', async () => {
    for (const n of [MAX_EXPR_DEPTH + 1, 2000, 20000]) {
      for (const [open, close] of [['(', ')'], ['[', ']'], ['np.exp(', ')'], ['-', '']]) {
        // Plain parentheses add no level to the expression: they only count once the tree is too deep to read.
        if (open === '(' && n <= MAX_TREE_DEPTH) continue;
        const text = `import numpy as np\nx = np.zeros((2, 2))\nz = ${open.repeat(n)}x${close.repeat(n)}\nw = x @ x\n`;
        const a = await analyze(text, { language: 'python' });
        assert.deepEqual(problemViolations('deep', a.problems, text.length), []);
        // 20,000 levels also make the statement longer than the 20,000 characters read: skipped as too large.
        const deep = a.problems.find((p) => p.code === 'too-deep' || (n > 10000 && p.code === 'too-large'));
        assert.ok(deep, `${open} × ${n}: ${a.problems.map((p) => p.message).join('; ')}`);
        assert.equal(a.lines.lineOf(deep.span.start), 3);
        // The lines around it are still analysed.
        assert.deepEqual(a.layers.find((l) => l.name === 'w')?.shape, [2, 2]);
      }
    }
    const sum = `A: 3 x 3\nE = ${Array.from({ length: 5000 }, () => 'A').join(' + ')}\nF = A * A\n`;
    const m = await analyze(sum, { language: 'math' });
    assert.ok(m.problems.some((p) => p.code === 'too-deep'));
    assert.deepEqual(m.layers.find((l) => l.name === 'F')?.shape, [3, 3]);
    const d = derive(`sum(${'exp('.repeat(3000)}A${')'.repeat(3000)})`, { wrt: 'A', shapes: { A: [3, 3] } });
    assert.ok(!d.ok && /nested more than/.test(d.error), d.ok ? 'derived' : d.error);
    assert.throws(() => jacobianOf(`${'('.repeat(3000)}A${')'.repeat(3000)}`, { wrt: 'A', shapes: { A: [3, 3] } }), (e: Error) => e instanceof JacobianError && /nested more than/.test(e.message));
  });

  it('the limits leave a wide margin: at a quarter of the default stack, inputs just under them still analyse, check, derive', () => {
    // The deepest inputs the caps let through, in a process with a 250 kB stack (the default is 984 kB).
    const script = `
      const core = require(${JSON.stringify(join(__dirname, '../../../src/core/index'))});
      (async () => {
        const bad = [];
        const py = (open, close) => 'import numpy as np\\nx = np.zeros((2, 2))\\nz = ' + open.repeat(199) + 'x' + close.repeat(199) + '\\nloss = np.sum(x)\\ndx = x * 2\\n';
        const inputs = [[py('[', ']'), 'python'], [py('-', ''), 'python'], [py('(', ')'), 'python'], [py('x[', ']'), 'python'], [py('np.exp(', ')'), 'python'],
          ['import numpy as np\\nx = np.zeros((2, 2))\\nz = ' + Array(199).fill('x').join(' + ') + '\\nloss = np.sum(z)\\n', 'python'],
          ['A: 3 x 3\\nE = sum(' + 'exp('.repeat(198) + 'A' + ')'.repeat(198) + ')\\n', 'math']];
        for (const [text, language] of inputs) {
          const a = await core.analyze(text, { language });
          const c = await core.checkGradients(text, { language, timeBudgetMs: 2000 });
          for (const p of [...a.problems, ...c.problems]) if (/Maximum call stack|internal/.test(p.message + p.code)) bad.push(p.message);
        }
        const d = core.derive('sum(' + 'exp('.repeat(198) + 'A' + ')'.repeat(198) + ')', { wrt: 'A', shapes: { A: [3, 3] } });
        if (!d.ok && /Maximum call stack/.test(d.error)) bad.push(d.error);
        core.jacobianOf('exp('.repeat(198) + 'A' + ')'.repeat(198), { wrt: 'A', shapes: { A: [3, 3] } });
        process.stdout.write(JSON.stringify(bad));
      })().catch((e) => { process.stdout.write(JSON.stringify([String(e && e.stack)])); });`;
    const r = spawnSync(process.execPath, ['--stack-size=250', '--require', 'tsx/cjs', '-e', script], { cwd: join(__dirname, '../../..'), encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), []);
  });

  it('deep graphs (a loss 3,000 operations deep) are refused by derive and jacobian, checked numerically', async () => {
    const lines = ['import numpy as np', 'X = np.random.randn(4, 3)', 'W = np.random.randn(3, 3) * 0.1', 'h = X @ W'];
    for (let i = 0; i < 1000; i++) lines.push('h = np.tanh(h) * 0.9');
    lines.push('loss = np.sum(h * h)');
    const text = `${lines.join('\n')}\n`;
    const r = await runAll('chain', text, 'python', { timeBudgetMs: 5000, maxPatternEntries: 1000 });
    assertClean('chain', r);
    const c = await checkGradients(text, { language: 'python' });
    assert.equal(c.loss, 'loss');
  });

  it('a statement over 20,000 characters is skipped with a problem, quickly', async () => {
    const long = `s = ${Array.from({ length: 20000 }, (_, k) => `x${k % 7}`).join(' + ')}`;
    const text = `import numpy as np\nx = np.zeros((2, 3))\n${long}\ny = x.T @ x\n`;
    const t = performance.now();
    const a = await analyze(text, { language: 'python' });
    assert.ok(performance.now() - t < 2000);
    assert.ok(a.problems.some((p) => p.code === 'too-large' && a.lines.lineOf(p.span.start) === 3), a.problems.map((p) => p.message).join('; '));
    assert.deepEqual(a.layers.find((l) => l.name === 'y')?.shape, [3, 3]);
  });

  it('mutations are deterministic (a failure names a reproducible input)', () => {
    const a = mutants(sources.slice(0, 3), 5, 9).map((m) => m.text);
    const b = mutants(sources.slice(0, 3), 5, 9).map((m) => m.text);
    assert.deepEqual(a, b);
    const r = new Random(4);
    assert.equal(typeof MUTATIONS.truncate('abc', r, ''), 'string');
  });
});
