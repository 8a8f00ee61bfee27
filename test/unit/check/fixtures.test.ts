import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkGradients } from '../../../src/core/check/index';
import type { GradientVerdict } from '../../../src/core/check/types';

/**
 * Each fixture is student-style backward code whose lines carry the verdict they must get:
 * `# expect: correct`, `# expect: wrong scaled 0.125`, `# expect: correct wrt=hpre`,
 * `# expect: unchecked`. The factors are worked out by hand from the code (a forgotten 1/N
 * with N = 8 is 0.125), never copied from the checker's output.
 */
const DIR = join(__dirname, '../../fixtures/check');

interface Expectation {
  line: number;
  verdict: string;
  mistake?: string;
  factor?: number;
  wrt?: string;
}

export function expectations(text: string): Expectation[] {
  const out: Expectation[] = [];
  text.split('\n').forEach((l, i) => {
    const m = /(?:#|<!--) expect: (.*?)(?: -->)?$/.exec(l);
    if (!m) return;
    const words = m[1].trim().split(/\s+/);
    const e: Expectation = { line: i + 1, verdict: words[0] };
    for (const w of words.slice(1)) {
      if (w.startsWith('wrt=')) e.wrt = w.slice(4);
      else if (/^-?[\d.]+$/.test(w)) e.factor = Number(w);
      else e.mistake = w;
    }
    out.push(e);
  });
  return out;
}

export function assertVerdicts(file: string, text: string, gradients: GradientVerdict[]): void {
  const expected = expectations(text);
  for (const e of expected) {
    const at = gradients.filter((g) => g.line === e.line);
    assert.equal(at.length, 1, `${file}:${e.line}: expected one verdict, got ${JSON.stringify(at.map((g) => g.message))}`);
    const g = at[0];
    const where = `${file}:${e.line} (${g.message})`;
    assert.equal(g.verdict, e.verdict, where);
    if (e.verdict === 'wrong') assert.equal(g.mistake, e.mistake, where);
    if (e.verdict === 'correct') assert.equal(g.mistake, null, where);
    if (e.factor !== undefined) {
      assert.ok(g.factor !== null && Math.abs(g.factor - e.factor) <= 1e-3 * Math.abs(e.factor), `${where}: factor ${g.factor}, expected ${e.factor}`);
    } else if (e.verdict === 'wrong') assert.equal(g.factor, null, where);
    if (e.wrt) assert.equal(g.wrt, e.wrt, where);
  }
  const lines = new Set(expected.map((e) => e.line));
  for (const g of gradients) assert.ok(lines.has(g.line), `${file}:${g.line}: unexpected verdict: ${g.message}`);
}

describe('check: hand-written gradients (fixtures)', () => {
  // Code, and notes whose lines state derivatives (notes/*.md: a correct and a mistaken derivation each).
  const files = [...readdirSync(DIR).filter((f) => f.endsWith('.py')), ...readdirSync(join(DIR, 'notes')).map((f) => join('notes', f))];
  for (const file of files) {
    it(file, async () => {
      const text = readFileSync(join(DIR, file), 'utf8');
      const result = await checkGradients(text, { language: file.endsWith('.md') ? 'math' : 'python' });
      // A fixture that expects verdicts must get some (forward_only.py expects none, and gets none).
      assert.equal(result.gradients.length > 0, expectations(text).length > 0, `${file}: ${result.gradients.length} gradients found`);
      assertVerdicts(file, text, result.gradients);
      for (const g of result.gradients) {
        const p = result.problems.find((q) => q.span.start === g.span.start && q.message === g.message);
        assert.ok(p, `${file}:${g.line}: no problem for the verdict`);
        const code = g.verdict === 'correct' ? 'grad-correct' : g.mistake === 'shape-error' ? 'grad-shape-error' : g.verdict === 'wrong' ? 'grad-mismatch' : 'grad-unchecked';
        assert.equal(p.code, code);
        if (g.verdict === 'wrong') assert.equal(p.severity, 'error');
        if (g.verdict === 'correct') assert.equal(p.severity, 'info');
      }
    });
  }

  const verdict = async (file: string, name: string) => {
    const r = await checkGradients(readFileSync(join(DIR, file), 'utf8'), { language: 'python' });
    const g = r.gradients.find((x) => x.name === name);
    assert.ok(g, `${file}: no verdict for ${name}`);
    return { g, p: r.problems.find((q) => q.span.start === g.span.start && q.message === g.message), r };
  };

  it('through time: a mistake in the step function is judged where the steps\' shares are summed', async () => {
    // rnn_through_time.py with two mistakes: the step's dWx leaves out the tanh's derivative, and db counts each step twice.
    const text = readFileSync(join(DIR, 'rnn_through_time.py'), 'utf8').replace('    dWx = x.T @ dtanh\n', '    dWx = x.T @ dnext_h\n').replace('    db += db_t', '    db += 2 * db_t');
    const r = await checkGradients(text, { language: 'python' });
    const by = (name: string) => r.gradients.filter((g) => g.name === name);
    // The step function's own dWx (one step's share) is not judged; the sum over the steps is, once.
    assert.deepEqual(by('dWx').map((g) => [g.line, g.verdict, g.mistake]), [[49, 'wrong', 'wrong']]);
    assert.deepEqual(by('db').map((g) => [g.line, g.verdict, g.mistake]), [[51, 'wrong', 'scaled']]);
    assert.ok(Math.abs((by('db')[0].factor ?? 0) - 0.5) < 1e-6);
    // Correct hand gradients feed db, so the factor is not blamed on the loss's 0.5 or its square.
    assert.equal(by('db')[0].message, "db (after the loop's last += on line 51) is off by a factor of 1/2 (0.5)");
    for (const name of ['dWh', 'dx', 'dprev_h']) assert.deepEqual(by(name).map((g) => g.verdict), ['correct'], name);
  });

  it('a gradient computed from a wrong one names the nearest wrong gradient it uses', async () => {
    const messages = async (name: string) => (await verdict('dropout_chain.py', name)).g.message;
    assert.equal(await messages('dh'), 'dh is off by a factor of 2');
    assert.equal(await messages('dhpre'), 'dhpre is off by a factor of 2; it uses dh (line 25), which is wrong');
    // dC is computed from demb, dhpre and dh, all wrong: only demb, the nearest, is named.
    assert.equal(await messages('dC'), "dC (after the loop's last index assignment on line 31) is off by a factor of 2; it uses demb (line 28), which is wrong");
  });

  it('a value built in place is judged on its last update, with its first line as related information', async () => {
    const { g, p, r } = await verdict('numpy_mistakes.py', 'd_W');
    assert.equal(g.line, 28);
    assert.equal(r.gradients.filter((x) => x.name === 'd_W').length, 1, 'the intermediate state on line 27 is not judged');
    assert.equal(p?.severity, 'error');
    assert.equal(p?.related.length, 1);
    assert.equal(r.analysis.lines.lineOf(p?.related[0].span.start ?? -1), 27);
    assert.equal(g.message, 'd_W (after += on line 28) has its term `reg * W` (line 28) off by a factor of 2: the gradient of `reg * np.sum(W * W)` (line 15) is 2·reg·W');
  });

  it('a gradient at an unnamed pre-activation is checked against it and says so', async () => {
    const { g } = await verdict('torch_mistakes.py', 'dh');
    assert.equal(g.verdict, 'correct');
    assert.equal(g.wrt, 'X @ W1 + b1');
    assert.match(g.message, /^dh \(after the ReLU mask on line 33\) is correct: it is the gradient of `X @ W1 \+ b1` \(line 14\)/);
  });

  it('names the missing term with its gradient, the axis a sum should use, the extra term', async () => {
    assert.equal((await verdict('numpy_mistakes.py', 'dL_dW')).g.message, 'dL_dW is missing the gradient of `reg * np.sum(W * W)` (line 15): 2·reg·W');
    assert.equal((await verdict('numpy_mistakes.py', 'db')).g.message, 'db is summed over the wrong axis: it sums dscores over axis 1, the gradient of b sums it over axis 0');
    assert.equal((await verdict('numpy_mistakes.py', 'dLdW')).g.message, 'dLdW has an extra term: `2 * reg * W` (line 26) is not part of the gradient of W');
  });

  it('names the mistake of a masked gradient against the pre-activation it belongs to', async () => {
    const text = readFileSync(join(__dirname, '../../../examples/two_layer_net.py'), 'utf8').replace('dscores /= N\n', '');
    const r = await checkGradients(text, { language: 'python' });
    const dh = r.gradients.find((g) => g.name === 'dh');
    assert.equal(dh?.verdict, 'wrong');
    assert.equal(dh?.mistake, 'scaled');
    assert.equal(dh?.wrt, 'hpre');
    assert.ok(Math.abs((dh?.factor ?? 0) - 0.125) < 1e-6);
    assert.match(dh?.message ?? '', /^dh \(after the ReLU mask on line \d+\), the gradient of hpre \(line 12\), is off by a factor of 1\/N \(0\.125\)/);
  });

  it('explains a missing 1/N by the batch mean when the loss is a sum, and a factor 2 by nothing when a 0.5 cancels the square', async () => {
    assert.equal((await verdict('norm_layer_mistakes.py', 'grad_X')).g.message, 'grad_X is off by a factor of 1/N (0.125): the forward pass takes means over N = 8 values (lines 12, 14), whose gradient divides by N');
    assert.equal((await verdict('loops_inplace.py', 'g_emb')).g.message, 'g_emb (after *= on line 30) is off by a factor of 2');
  });

  it('explains a missing 1/N by the batch mean F.batch_norm takes', async () => {
    assert.equal((await verdict('norm_functional.py', 'grad_h')).g.message, 'grad_h is off by a factor of 1/N (0.125): the forward pass takes a mean over N = 8 values on line 16, whose gradient divides by N');
  });

  it('names the mean the missing 1/N comes from', async () => {
    const text = readFileSync(join(DIR, 'softmax_no_mean.py'), 'utf8');
    const r = await checkGradients(text, { language: 'python' });
    const dW = r.gradients.find((g) => g.name === 'dW');
    assert.equal(dW?.message, 'dW is off by a factor of 1/N (0.125): the loss takes the mean over N = 8 samples; it uses dscores (line 14), which is wrong');
  });

  it('says which variable the shape belongs to', async () => {
    const text = readFileSync(join(DIR, 'two_layer_mistakes.py'), 'utf8');
    const r = await checkGradients(text, { language: 'python' });
    assert.equal(r.gradients.find((g) => g.name === 'db2')?.message, 'db2 has shape (1, 5) but b2 is (5,): the values are right, the shape will broadcast wrongly');
    const t = await checkGradients(readFileSync(join(DIR, 'softmax_mistakes.py'), 'utf8'), { language: 'python' });
    assert.equal(t.gradients.find((g) => g.name === 'dW')?.message, 'dW has shape (5, 12) but W is (12, 5): transposed');
    assert.equal(t.gradients.find((g) => g.name === 'db')?.message, 'db has the wrong sign');
  });

  it('reports a missing loss', async () => {
    const r = await checkGradients(readFileSync(join(DIR, 'no_loss.py'), 'utf8'), { language: 'python' });
    assert.equal(r.loss, null);
    assert.ok(r.problems.some((p) => p.code === 'no-loss'));
  });
});
