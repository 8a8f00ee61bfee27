import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildSync } from 'esbuild';
import { corpus, MUTATION_NAMES, mutants } from './mutations';

/**
 * Issue 6, fuzzing through the command line: `node cli.js` on mutated files and garbage
 * expressions ends with exit 0, 1 or 2, never a stack trace, a one-line message on stderr
 * when it could not run, and one JSON object on stdout with --json. The CLI is bundled into
 * a temporary folder (as build/esbuild.mjs does for dist/) so the test does not touch dist/.
 */
const ROOT = join(__dirname, '../../..');
const STACK = /\n\s+at .+[:(]\d+:\d+|^\s+at .+:\d+:\d+|Error: .*\n\s+at /m;

let dir = '';
let cli = '';

function bundle(): void {
  dir = mkdtempSync(join(tmpdir(), 'grad-lens-cli-'));
  cli = join(dir, 'cli.js');
  buildSync({ entryPoints: [join(ROOT, 'src/cli.ts')], outfile: cli, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error' });
  const wasm = [require.resolve('web-tree-sitter/web-tree-sitter.wasm'), require.resolve('tree-sitter-python/tree-sitter-python.wasm')];
  const tfjs = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  for (const f of [...wasm, join(tfjs, 'tfjs-backend-wasm.wasm'), join(tfjs, 'tfjs-backend-wasm-simd.wasm')]) copyFileSync(f, join(dir, f.split('/').pop() as string));
}

interface Run {
  args: string[];
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[]): Run {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000, cwd: dir });
  return { args, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** What every run must satisfy. */
function assertWellBehaved(r: Run, json: boolean): void {
  const what = `grad-lens ${r.args.map((a) => (a.length > 60 ? `${a.slice(0, 60)}…` : a)).join(' ')}\nstatus ${r.status}\nstdout: ${r.stdout.slice(0, 400)}\nstderr: ${r.stderr.slice(0, 400)}`;
  assert.ok(r.status === 0 || r.status === 1 || r.status === 2, what);
  assert.ok(!STACK.test(r.stdout) && !STACK.test(r.stderr), `a stack trace: ${what}`);
  if (r.stderr.trim()) {
    const first = r.stderr.split('\n')[0];
    assert.match(first, /^grad-lens: /, what);
    // A usage error is followed by the usage; anything else is one line.
    if (!/\nusage:\n/.test(r.stderr)) assert.equal(r.stderr.trim().split('\n').length, 1, what);
  }
  if (r.status === 2 && !r.stdout.trim()) assert.ok(r.stderr.trim(), `exit 2 without a message: ${what}`);
  if (json && r.stdout.trim()) {
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 1, `--json prints one line: ${what}`);
    const parsed = JSON.parse(lines[0]);
    assert.equal(typeof parsed, 'object', what);
    for (const p of parsed.problems ?? []) {
      assert.ok(Number.isInteger(p.line) && p.line >= 1 && p.column >= 1 && p.endLine >= p.line, `problem position: ${JSON.stringify(p)} in ${what}`);
    }
  }
}

describe('robustness: fuzzing through the command line', function () {
  this.timeout(600_000);
  before(bundle);
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('analyze and check on mutated examples and fixtures (24 runs)', () => {
    const sources = corpus();
    // One mutant per kind, spread over the files; then a few of them checked.
    const all = mutants(sources, MUTATION_NAMES.length, 11);
    const picked = all.filter((_, i) => i % Math.floor(all.length / 16) === 0).slice(0, 16);
    let k = 0;
    for (const m of picked) {
      const file = join(dir, `input${k++}.${m.language === 'math' ? 'md' : 'py'}`);
      writeFileSync(file, m.text);
      assertWellBehaved(run(['analyze', file, '--json']), true);
      if (k % 2 === 0) assertWellBehaved(run(['check', file, '--json', ...(k % 4 === 0 ? ['--dims', 'N=3'] : [])]), true);
    }
  });

  it('derive and jacobian on garbage expressions and shapes (12 runs)', () => {
    const cases: string[][] = [
      ['derive', '-sum(Y .* log(softmax(C*B*A)))', '--wrt', 'C', '--shape', 'A=5x3', '--shape', 'B=4x5', '--shape', 'C=2x4', '--shape', 'Y=2x3', '--json'],
      ['derive', `sum(${'('.repeat(3000)}A${')'.repeat(3000)})`, '--wrt', 'A', '--shape', 'A=3x3', '--json'],
      ['derive', 'sum(A * B', '--wrt', 'A', '--shape', 'A=3x3', '--shape', 'B=3x3'],
      ['derive', 'sum(A)', '--wrt', 'A', '--shape', 'A=99999999999x99999999999', '--json'],
      ['derive', 'log(det(A))', '--wrt', 'A', '--shape', 'A=0x0'],
      ['derive', '\u00a0é𝐖 ∑\u202e', '--wrt', 'Z', '--shape', 'Z=2x2'],
      ['jacobian', 'softmax(C*B*A)', '--wrt', 'C', '--shape', 'A=5x3', '--shape', 'B=4x5', '--shape', 'C=N x4', '--dims', 'N=2', '--json'],
      ['jacobian', `${'exp('.repeat(2000)}A${')'.repeat(2000)}`, '--wrt', 'A', '--shape', 'A=3x3'],
      ['jacobian', 'A * B', '--wrt', 'A', '--shape', 'A=100000x100000', '--shape', 'B=100000x100000'],
      ['jacobian', 'A .* B', '--wrt', 'B', '--shape', 'A=3x3', '--shape', 'B=3x4'],
      ['jacobian', ')))(((', '--wrt', 'A', '--shape', 'A=2x2', '--json'],
      ['jacobian', 'A', '--wrt', 'A', '--shape', 'A=-1x2'],
    ];
    for (const c of cases) assertWellBehaved(run(c), c.includes('--json'));
  });

  it('bad arguments: exit 2 with a one-line message and the usage (6 runs)', () => {
    const cases = [['analyze', join(dir, 'does-not-exist.py')], ['check'], ['analyze', join(ROOT, 'examples/seed.py'), '--dims', 'N=abc'], ['analyze', join(ROOT, 'examples/seed.py'), '--lines', '0-0'], ['frobnicate'], ['derive', 'sum(A)', '--wrt']];
    for (const c of cases) {
      const r = run(c);
      assert.equal(r.status, 2, `${c.join(' ')}: ${r.stderr}`);
      assertWellBehaved(r, false);
    }
  });

  it('a directory, an empty file and a binary file (3 runs)', () => {
    const empty = join(dir, 'empty.py');
    writeFileSync(empty, '');
    const binary = join(dir, 'binary.py');
    writeFileSync(binary, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    for (const f of [dir, empty, binary]) assertWellBehaved(run(['analyze', f, '--json']), true);
  });
});
