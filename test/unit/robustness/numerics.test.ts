import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkGradients } from '../../../src/core/index';
import { assertVerdicts } from './expect';

/**
 * Issue 6, numerics: NaN and inf in the forward pass are reported at the first line that
 * produced them (code 'non-finite'), with their own message and fix for a log of zero, a
 * division by zero and an overflowing exp; the gradients downstream are unchecked, not wrong.
 */
const FIXTURES = join(__dirname, '../../fixtures/robustness');
const read = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

/** The line of the `# expect-nonfinite:` comment. */
const markedLine = (text: string) => text.split('\n').findIndex((l) => l.includes('# expect-nonfinite')) + 1;

async function nonFinite(file: string, text = read(file)) {
  const r = await checkGradients(text, { language: 'python' });
  const found = r.problems.filter((p) => p.code === 'non-finite');
  assert.equal(found.length, 1, `${file}: ${r.problems.map((p) => `[${p.code}] ${p.message}`).join('\n')}`);
  const p = found[0];
  assert.equal(r.analysis.lines.lineOf(p.span.start), markedLine(text), `${file}: reported on line ${r.analysis.lines.lineOf(p.span.start)}: ${p.message}`);
  assert.equal(p.severity, 'warning');
  assertVerdicts(file, text, r.gradients);
  return { r, p };
}

describe('robustness: NaN and inf in the forward pass', function () {
  this.timeout(60_000);

  it('an overflowing exp (the unshifted softmax) names the value and suggests the row-max shift', async () => {
    const { p } = await nonFinite('softmax_overflow.py');
    assert.match(p.message, /^exp overflows: the argument of np\.exp\(scores\) reaches \d+(\.\d+)? at the test values, and exp is inf in float64 above 709\.78/);
    assert.match(p.message, /shift by the row max: np\.exp\(scores - scores\.max\(axis=1, keepdims=True\)\)/);
  });

  it('an exp shifted by the max of another value is not shifted: the row-max shift is still the fix', async () => {
    const text = read('softmax_overflow.py').replace(
      'np.exp(scores) / np.sum(np.exp(scores), axis=1, keepdims=True)',
      'np.exp(scores - X.max(axis=1, keepdims=True)) / np.sum(np.exp(scores - X.max(axis=1, keepdims=True)), axis=1, keepdims=True)',
    );
    const { p } = await nonFinite('softmax_overflow.py, shifted by X.max', text);
    assert.match(p.message, /^exp overflows: .*; shift by the row max: np\.exp\(\(scores - X\.max\(axis=1, keepdims=True\)\) - /);
  });

  it('a log of zero says how many entries are 0 and suggests an epsilon inside the log', async () => {
    const { p } = await nonFinite('log_zero.py');
    assert.match(p.message, /^log of zero: np\.log\(h\) is -inf where its argument is 0 \(\d+ of 48 entries at the test values\); add a small epsilon inside the log: np\.log\(h \+ 1e-12\)/);
  });

  it('a division by zero names the denominator and suggests an epsilon', async () => {
    const { p } = await nonFinite('divide_zero.py');
    assert.match(p.message, /^division by zero: h \/ total divides by total, which is 0 at all 8 entries at the test values; add a small epsilon to the denominator/);
  });

  it('is reported at the first line, not where the NaN ends up (the loss, three lines later)', async () => {
    const text = [
      'import numpy as np',
      'X = np.random.randn(6, 4)',
      'W = np.random.randn(4, 3)',
      'z = X @ W * 0',
      'r = np.log(z)  # expect-nonfinite: log',
      's = r * 2',
      't = np.tanh(s) + 1',
      'loss = np.sum(t)',
      'dW = X.T @ np.ones((6, 3))  # expect: unchecked',
    ].join('\n');
    const { r, p } = await nonFinite('inline', text);
    assert.match(p.message, /^log of zero: np\.log\(z\)/);
    assert.ok(r.gradients.every((g) => g.verdict === 'unchecked' && /not finite from line 5 on/.test(g.message)), r.gradients.map((g) => g.message).join('\n'));
  });

  it('a log of a negative number and a non-finite constant get messages of their own', async () => {
    const neg = await checkGradients('import numpy as np\nX = np.random.randn(5, 3)\nW = np.random.randn(3, 2)\nq = np.log(X @ W - 100)\nloss = np.sum(q)\ndW = X.T @ np.ones((5, 2))\n', { language: 'python' });
    assert.match(neg.problems.find((p) => p.code === 'non-finite')?.message ?? '', /^log of a negative number: np\.log\(X @ W - 100\) is NaN/);
    const inf = await checkGradients('import numpy as np\nX = np.random.randn(5, 3)\nW = np.random.randn(3, 2)\nq = X @ W * 1e308 * 10\nloss = np.sum(q)\ndW = X.T @ np.ones((5, 2))\n', { language: 'python' });
    const p = inf.problems.find((x) => x.code === 'non-finite');
    assert.ok(p && inf.analysis.lines.lineOf(p.span.start) === 4, inf.problems.map((x) => x.message).join('\n'));
    assert.ok(inf.gradients.every((g) => g.verdict === 'unchecked'));
  });

  it('a softmax that overflows in float32 only (scores near 100) is still judged, by float64 finite differences', async () => {
    const text = read('softmax_overflow.py').replace('* 100', '* 12').replace('# expect-nonfinite: exp', '').replace('# expect: unchecked', '');
    const r = await checkGradients(text, { language: 'python' });
    assert.ok(!r.problems.some((p) => p.code === 'non-finite'), r.problems.map((p) => p.message).join('\n'));
    assert.ok(r.gradients.every((g) => g.verdict !== 'wrong'), r.gradients.map((g) => g.message).join('\n'));
  });
});
