import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { publicCursor } from '../../../../src/core/frontends/python/cursor';
import { loadPythonParser } from '../../../../src/core/frontends/python/parser';
import { readTree, type PyNode } from '../../../../src/core/frontends/python/tree';
import { asCall, assigned, EXAMPLES, flatStmts, parse, slice } from './helpers';

/** Code that exercises every way the position-following reader could lose its place. */
const TRICKY = [
  '\ufeff# größe 😀 — comment',
  'import numpy as np;  import torch as T',
  'from a.b import (c as d,',
  '    e)',
  'größe = 3  # ü',
  'x = np.dot(a, b.T) ; y = 1_000 + 0x1F + 1e-3 + 1j + 1. + .5',
  `s = f"{x!r:>10} {y['k']:{w}.{p}f}" 'tail' rb"\\x00" u'\\N{BULLET}' """tri`,
  `ple""" '''a'''`,
  'if a not   in b and c is   not d or not e:',
  '    pass',
  'z = (lambda q, *r, **k: q)(1)',
  'if (n := 10) > 5: print(n)',
  '@dec(1)',
  'def f(a: int = 1, *args, b: "Float[Array, \'N\']" = None, **kw) -> None:',
  '    global g',
  '    w = a \\',
  '        + b',
  '    return [i for i in range(3) if i] + {k: v for k, v in d.items()} + {1, 2}',
  'class C(Base, metaclass=M):',
  '    """doc"""',
  '    async def g(self):',
  '        await h()',
  '        async with q as r: yield r',
  'x[1:2, ::3, ..., None] = y[:, np.newaxis]',
  'for i, (a, b) in enumerate(zip(x, y)): continue',
  '\tx = 1 if a else 2',
].join('\n');

describe('python front end: parser, tree reading and spans', () => {
  it('loads the grammar once and hands out the same parser', async () => {
    const a = await loadPythonParser();
    const b = await loadPythonParser();
    assert.equal(a, b);
    assert.ok(a.types.includes('function_definition'));
  });

  it('gives UTF-16 spans after non-ASCII text (ß, ö, an emoji)', async () => {
    const text = '# größe 😀\nx = np.dot(a, b.T)  # ü\nÜ = x\n';
    const program = await parse(text);
    const dot = asCall(assigned(program, 0));
    assert.equal(slice(text, dot.span), 'np.dot(a, b.T)');
    assert.equal(slice(text, dot.args[1].span), 'b.T');
    assert.equal(slice(text, program.stmts[0].span), 'x = np.dot(a, b.T)');
    const second = program.stmts[1];
    if (second.kind !== 'assign' || second.target.kind !== 'name') throw new Error('expected Ü = x');
    assert.equal(second.target.name, 'Ü');
    assert.equal(slice(text, second.target.span), 'Ü');
  });

  it('reads positions along the text exactly as the tree reports them', async () => {
    const py = await loadPythonParser();
    const texts = [TRICKY, TRICKY.replace(/\n/g, '\r\n'), ...readdirSync(EXAMPLES).filter((f) => f.endsWith('.py')).map((f) => readFileSync(join(EXAMPLES, f), 'utf8'))];
    for (const text of texts) {
      const exact = readTree(py, text, { exact: true });
      const followed = readTree(py, text);
      assert.equal(exact.errors.length, 0);
      const compare = (a: PyNode, b: PyNode, path: string): void => {
        assert.equal(b.type, a.type, path);
        if (a.named) assert.deepEqual([b.start, b.end], [a.start, a.end], `${path} ${JSON.stringify(text.slice(a.start, a.end))}`);
        assert.equal(b.children.length, a.children.length, path);
        a.children.forEach((c, i) => compare(c, b.children[i], `${path}/${c.type}`));
      };
      compare(exact.root, followed.root, '');
    }
  });

  it('reads the same tree with the direct cursor as with web-tree-sitter\'s own, also with errors and cut-off lines', async () => {
    const py = await loadPythonParser();
    assert.notEqual(py.walk, publicCursor, 'the direct cursor passed its self-check');
    const slow = { ...py, walk: publicCursor };
    const broken = ['x = np.dot(a, b', 'def f(x:', '    y = x @ W +', 'z = [1, 2', 'if a not', 'print(q'].join('\n');
    const deep = `y = ${'('.repeat(500)}x${')'.repeat(500)}\nz = 1\n`;
    for (const text of [TRICKY, TRICKY.replace(/\n/g, '\r\n'), broken, deep, '']) {
      for (const exact of [false, true]) {
        const fast = readTree(py, text, { exact });
        const reference = readTree(slow, text, { exact });
        assert.deepEqual(fast, reference, `${exact ? 'exact' : 'following'}: ${text.slice(0, 30)}`);
      }
    }
  });

  it('hands the top-level statements over one by one as it reads them, keeping none', async () => {
    const py = await loadPythonParser();
    const text = `${TRICKY}\nx = (1 +\n${'y = ' + '('.repeat(500) + 'x' + ')'.repeat(500)}\n`;
    const whole = readTree(py, text);
    const statements: PyNode[] = [];
    const deep: PyNode[] = [];
    const streamed = readTree(py, text, { onStatement: (s) => statements.push(s), deep });
    assert.equal(streamed.root.children.length, 0);
    assert.deepEqual(statements, whole.root.children);
    assert.deepEqual({ ...streamed.root, children: whole.root.children }, whole.root);
    assert.equal(streamed.deep, deep);
    assert.deepEqual(deep, whole.deep);
    assert.ok(deep.length > 0 && whole.errors.length > 0);
    assert.deepEqual(streamed.errors, whole.errors);
  });

  it('works bundled by esbuild into CommonJS with the .wasm files beside it, and reports a missing wasm as a problem', function () {
    this.timeout(60000);
    const dir = mkdtempSync(join(tmpdir(), 'grad-lens-python-'));
    try {
      buildSync({ entryPoints: [join(__dirname, '../../../../src/core/frontends/python/index.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: join(dir, 'python.js'), logLevel: 'silent' });
      copyFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), join(dir, 'web-tree-sitter.wasm'));
      copyFileSync(require.resolve('tree-sitter-python/tree-sitter-python.wasm'), join(dir, 'tree-sitter-python.wasm'));
      const script = join(dir, 'run.js');
      writeFileSync(
        script,
        `const { parsePython } = require('./python.js');
         parsePython('x = np.dot(a, b)\\n', { wasmDir: process.argv[2] }).then((p) => console.log(JSON.stringify(p)));`,
      );
      // stderr is kept from the test output: emscripten prints its own complaint about a missing file.
      const run = (wasmDir: string) => JSON.parse(execFileSync(process.execPath, [script, wasmDir], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
      const ok = run(dir);
      assert.equal(ok.stmts[0].value.op, 'matmul');
      assert.deepEqual(ok.problems, []);
      const missing = run(join(dir, 'nowhere'));
      assert.deepEqual(missing.stmts, []);
      assert.equal(missing.problems[0].code, 'internal-error');
      assert.match(missing.problems[0].message, /could not load the Python parser/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a 10,000-line file in well under a second', async function () {
    this.timeout(20000);
    const unit = readFileSync(join(EXAMPLES, 'two_layer_net.py'), 'utf8') + readFileSync(join(EXAMPLES, 'mnist_torch.py'), 'utf8');
    const text = unit.repeat(Math.ceil(10000 / unit.split('\n').length));
    await parse(text); // warm up
    const start = performance.now();
    const program = await parse(text);
    const ms = performance.now() - start;
    assert.equal(program.problems.length, 0);
    assert.ok(flatStmts(program.stmts).length > 5000);
    // The figure to watch is in the report (about 18 ms per 1,000 lines here); this only guards against a collapse.
    assert.ok(ms < 3000, `${ms.toFixed(0)} ms`);
  });
});
