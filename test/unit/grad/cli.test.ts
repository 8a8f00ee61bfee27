// grad-lens derive: the JSON contract and the exit codes (0 ok, 1 cannot derive/verify, 2 bad arguments).
import { strict as assert } from 'node:assert';
import { main } from '../../../src/cli';
import { parseArgs } from '../../../src/cli/args';
import { deriveCommand } from '../../../src/cli/derive';

const SEED = ['derive', '-sum(Y .* log(softmax(C*B*A)))', '--wrt', 'C', '--shape', 'A=1024x10', '--shape', 'B=1568x1024', '--shape', 'C=Nx1568', '--shape', 'Y=Nx10'];

/** Runs main() with stdout and stderr captured. */
async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const [out, err] = [[] as string[], [] as string[]];
  const [w1, w2] = [process.stdout.write, process.stderr.write];
  process.stdout.write = ((s: string) => out.push(s) > 0) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => err.push(s) > 0) as typeof process.stderr.write;
  try {
    const code = await main(argv);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    process.stdout.write = w1;
    process.stderr.write = w2;
  }
}

describe('grad: grad-lens derive', () => {
  it('prints the JSON contract for the seed with the assumption stated', async () => {
    const r = await run([...SEED, '--assume', 'rows of Y sum to 1', '--json']);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.equal(j.gradient.text, '(softmax(C·B·A) − Y)·Aᵀ·Bᵀ');
    assert.match(j.gradient.latex, /\\operatorname\{softmax\}/);
    assert.match(j.gradient.numpy, /^def gradient\(Y, C, B, A\):$/m);
    assert.ok(j.steps.length >= 5 && j.steps.every((s: { text: string; latex: string }) => s.text && s.latex));
    assert.deepEqual(j.assumptions, ['rows of Y sum to 1']);
    assert.equal(j.verified.precision, 'float64');
    assert.ok(j.verified.maxRelError < 1e-6);
  });

  it('shows the general form when the assumption is not stated', async () => {
    const r = await run(SEED);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^dE\/dC = \(Diag\(Y·1\)·softmax\(C·B·A\) − Y\)·Aᵀ·Bᵀ$/m);
    assert.match(r.out, /If rows of Y sum to 1/);
  });

  it('takes --shape x=4 as a column vector and prints NumPy on request', async () => {
    const r = await run(['derive', "x'*B*x", '--wrt', 'x', '--shape', 'x=4', '--shape', 'B=4x4', '--print', 'numpy']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /reshape\(-1, 1\)/);
    assert.match(r.out, /return np\.reshape\(\(B \+ B\.T\) @ x, shape\)/);
  });

  it('exits 1 when there is no rule (and says so)', async () => {
    const r = await run(['derive', 'max(x)', '--wrt', 'x', '--shape', 'x=4', '--json']);
    assert.equal(r.code, 1);
    assert.match(JSON.parse(r.out).error, /cannot differentiate `max`/);
    const unknown = await run(['derive', 'sum(foo(x))', '--wrt', 'x', '--shape', 'x=4', '--json']);
    assert.equal(unknown.code, 1);
    assert.deepEqual(JSON.parse(unknown.out).span, { start: 4, end: 10 }, 'foo(x)');
  });

  it('exits 2 on bad arguments', async () => {
    assert.equal((await run(['derive', 'tr(A*X)', '--shape', 'A=3x4', '--shape', 'X=4x3'])).code, 2, 'no --wrt');
    assert.equal((await run(['derive', '--wrt', 'X'])).code, 2, 'no expression');
    assert.equal((await run(['derive', 'tr(A*X)', '--wrt', 'X', '--shape', 'X=4x3'])).code, 2, 'a name without a shape');
    assert.equal((await run(['derive', 'tr(A*X)', '--wrt', 'X', '--shape', 'A=3x4', '--shape', 'X=5x3'])).code, 2, 'shapes that do not fit');
    assert.equal((await run(['derive', 'tr(A*X)', '--wrt', 'X', '--shape', 'A=3x4', '--shape', 'X=4x3', '--assume', 'X is lovely'])).code, 2, 'an unknown assumption');
    assert.equal((await run(['derive', 'tr(A*X', '--wrt', 'X', '--shape', 'A=3x4', '--shape', 'X=4x3'])).code, 2, 'a syntax error');
  });

  it('is a plain command function too', async () => {
    const r = await deriveCommand(parseArgs(['derive', 'log(det(X))', '--wrt', 'X', '--shape', 'X=3x3', '--print', 'latex']));
    assert.equal(r.exitCode, 0);
    assert.equal(r.stdout, '\\frac{\\partial E}{\\partial X} = X^{-\\top}');
  });
});
