import { strict as assert } from 'node:assert';
import { lowered, parse, slice } from './helpers';

async function problemsOf(text: string): Promise<string[]> {
  const program = await parse(text);
  return program.problems.map((p) => `${p.code} ${p.severity}: ${p.message} @ ${JSON.stringify(slice(text, p.span))}`);
}

describe('python front end: half-typed code and syntax errors', () => {
  it('reports an unclosed call once and keeps lowering the lines after it', async () => {
    const text = 'import numpy as np\nx = np.dot(a,\ny = np.exp(z)\nw = y.T\n';
    assert.deepEqual(await problemsOf(text), ['syntax-error error: syntax error: missing `)` @ "x = np.dot(a,"']);
    assert.deepEqual(await lowered(text), ['y = exp(z)', 'w = transpose(y)']);
  });

  it('recovers inside a function body, keeping the good statements around the broken one', async () => {
    const text = 'def f(X, W1, W2):\n    h = np.maximum(0, X @ W1\n    out = h @ W2\n    return out\nq = 1\n';
    assert.deepEqual(await lowered(text), ['def f(X, W1, W2):', '  declare X input parameter', '  declare W1 param parameter', '  declare W2 param parameter', '  out = matmul(h, W2)', '  return out', 'q = 1']);
    assert.deepEqual(await problemsOf(text), ['syntax-error error: syntax error: missing `)` @ "h = np.maximum(0, X @ W1"']);
  });

  it('reports a dangling operator and a stray closing bracket', async () => {
    const text = 'a = b +\nc = d.\ne = f(x))\ng = 1\n';
    assert.deepEqual(await problemsOf(text), [
      'syntax-error error: syntax error: missing expression after `+` @ "a = b +"',
      'syntax-error error: syntax error: missing expression after `.` @ "c = d."',
      'syntax-error error: syntax error: unexpected `)` @ ")"',
    ]);
    assert.deepEqual(await lowered(text), ['g = 1']);
  });

  it('reports an unclosed bracket at the end of the text', async () => {
    const text = 'y = 2\nx = np.dot(a,';
    assert.deepEqual(await problemsOf(text), ['syntax-error error: syntax error: missing `)` @ "x = np.dot(a,"']);
    assert.deepEqual(await lowered(text), ['y = 2']);
  });

  it('leaves valid multi-line code alone: brackets across lines, backslashes, `from x import *`', async () => {
    const text = 'from numpy import *\nr = dot(a,\n        b)\ns = [\n    1, 2,\n]\nt = a + \\\n    b\nu = 1,\n';
    assert.deepEqual(await problemsOf(text), []);
    assert.deepEqual(await lowered(text), ['r = matmul(a, b)', 's = (1, 2)', 't = add(a, b)', 'u = (1,)']);
  });

  it('turns the errors tree-sitter finds into one problem each and skips only the statements holding them', async () => {
    const text = 'x = 1\ndef f(x)\n    return x\ny = 2\nclass\nz = 3\n';
    const program = await parse(text);
    assert.ok(program.problems.length >= 1);
    for (const p of program.problems) {
      assert.equal(p.code, 'syntax-error');
      assert.equal(p.severity, 'error');
      assert.match(p.message, /^syntax error: (unexpected|missing) /);
    }
    const lines = await lowered(text);
    assert.ok(lines.includes('x = 1'));
    assert.ok(lines.includes('z = 3'));
  });

  it('reports a header without its colon once, and still reads its body and what follows', async () => {
    const text = 'if x > 0\n    y = 1\nz = 2\n';
    assert.deepEqual(await problemsOf(text), ['syntax-error error: syntax error: missing `:` @ "if x > 0"']);
    assert.deepEqual(await lowered(text), ['y = 1', 'z = 2']);
  });

  it('reports a MISSING node tree-sitter inserts by what is missing', async () => {
    const text = 'x = [a for a in]\ny = 1\n';
    assert.deepEqual(await problemsOf(text), ['syntax-error error: syntax error: missing identifier @ ""']);
    assert.deepEqual(await lowered(text), ['y = 1']);
  });

  it('never throws, whatever the input', async () => {
    const inputs = ['', '\n\n', ')))', '(((', '"""', "'", 'def', 'class A(', '@', 'x[', 'x = [i for i in', 'lambda:', '\\', '\u0000', 'ü = ü @ ü'];
    for (const text of inputs) {
      const program = await parse(text);
      assert.equal(program.language, 'python');
      for (const p of program.problems) assert.ok(p.span.start >= 0 && p.span.end <= text.length, JSON.stringify(text));
    }
  });
});
