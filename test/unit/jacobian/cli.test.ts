import { strict as assert } from 'node:assert';
import { parseArgs } from '../../../src/cli/args';
import { jacobianCommand } from '../../../src/cli/jacobian';

/** Runs the command with stderr captured. */
async function run(argv: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const write = process.stderr.write.bind(process.stderr);
  let stderr = '';
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    const r = await jacobianCommand(parseArgs(['jacobian', ...argv]));
    return { ...r, stderr };
  } finally {
    process.stderr.write = write;
  }
}

const SEED = ['softmax(C*B*A)', '--shape', 'C=Nx1568', '--shape', 'B=1568x1024', '--shape', 'A=1024x10'];

describe('grad-lens jacobian', () => {
  it('prints exactly the contract’s JSON for the seed with respect to C', async () => {
    const r = await run([...SEED, '--wrt', 'C', '--dims', 'N=2', '--vec', 'row-major', '--json']);
    assert.equal(r.exitCode, 0);
    const json = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(json), ['rows', 'cols', 'rowsFormula', 'colsFormula', 'vec', 'structure', 'formula', 'density', 'pattern']);
    assert.deepEqual(Object.keys(json.formula), ['text', 'latex']);
    assert.deepEqual(Object.keys(json.pattern), ['nonzeros']);
    assert.equal(json.rows, 20);
    assert.equal(json.cols, 3136);
    assert.equal(json.rowsFormula, '10N');
    assert.equal(json.colsFormula, '1568N');
    assert.equal(json.vec, 'row-major');
    assert.equal(json.structure, 'block-diagonal');
    assert.equal(json.density, 0.5);
    assert.equal(json.pattern.nonzeros.length, 2 * 10 * 1568);
    assert.deepEqual(json.pattern.nonzeros[0], [0, 0]);
    // Row 10 starts the second block: output row n = 1 reads C's row 1, columns 1568…3135.
    assert.deepEqual(json.pattern.nonzeros[10 * 1568], [10, 1568]);
  });

  it('defaults to column-major vec and shows a small picture in text', async () => {
    const r = await run(['X*B', '--wrt', 'X', '--shape', 'X=3x4', '--shape', 'B=4x2']);
    assert.equal(r.exitCode, 0);
    assert.match(r.stdout, /column-major vec/);
    assert.match(r.stdout, /structure {2}kronecker/);
    assert.match(r.stdout, /formula {4}Bᵀ ⊗ I_3/);
    assert.match(r.stdout, /one character per entry/);
    assert.equal((r.stdout.match(/^ {2}[█·]+$/gm) ?? []).length, 6);
  });

  it('refuses with exit 2 when the pattern exceeds 1,000,000 nonzeros, and lists none with --pattern off', async () => {
    const refused = await run([...SEED, '--wrt', 'B', '--json']);
    assert.equal(refused.exitCode, 2);
    assert.equal(refused.stdout, '');
    assert.match(refused.stderr, /32,112,640 structural nonzeros at N=2, more than the bound of 1,000,000/);
    const off = await run([...SEED, '--wrt', 'B', '--json', '--pattern', 'off']);
    assert.equal(off.exitCode, 0);
    const json = JSON.parse(off.stdout);
    assert.equal(json.structure, 'dense');
    assert.equal(json.pattern, null);
  });

  it('treats a one-number shape as a column vector and reports unknown names', async () => {
    const r = await run(['A*x', '--wrt', 'x', '--shape', 'A=3x4', '--shape', 'x=4', '--json']);
    assert.equal(JSON.parse(r.stdout).cols, 4);
    const bad = await run(['A*y', '--wrt', 'y', '--shape', 'A=3x4']);
    assert.equal(bad.exitCode, 2);
    assert.match(bad.stderr, /y/);
  });
});
