import { strict as assert } from 'node:assert';
import { loadPythonParser } from '../../../../src/core/frontends/python/parser';
import { PIECE_CHARS, repairIncompleteLines } from '../../../../src/core/frontends/python/syntax';
import { readTree } from '../../../../src/core/frontends/python/tree';

/**
 * A block in which nearly every top-level line is one the text must not be cut before: a
 * clause continuing a compound statement, a definition under its decorator, a line inside
 * brackets, a string or a backslash continuation. Repeated past several pieces, cuts land
 * next to each of them somewhere.
 */
function block(i: number): string {
  return [
    `@decorate(${i})`,
    '# a comment between a decorator and its definition',
    `def f_${i}(x):`,
    '    y = x @ W',
    '# a comment at column 0 inside the body',
    '    return y',
    `if a_${i}:`,
    '    y = 1',
    `elif b_${i}:`,
    '    y = 2',
    'else:',
    '    y = 3',
    'try:',
    '    z = np.dot(a, b)',
    'except ValueError:',
    '    z = None',
    'finally:',
    '    pass',
    `s_${i} = """`,
    'q = 1',
    'else:',
    '"""',
    `t_${i} = f(`,
    '1,',
    '2)',
    `u_${i} = a + \\`,
    'b',
    `for k in range(${i % 5}):`,
    '    pass',
    'else:',
    '    pass',
    `h_${i} = np.maximum(0, X @ W1 + b1)  # (N, 128)`,
  ].join('\n');
}

function longText(pieces: number, extra: (i: number) => string = () => ''): string {
  const parts: string[] = ['import numpy as np'];
  let length = 0;
  for (let i = 0; length < pieces * PIECE_CHARS; i++) {
    const b = block(i) + extra(i);
    parts.push(b);
    length += b.length;
  }
  return `${parts.join('\n')}\n`;
}

const CONTINUING = /^(else|elif|except|finally)\b/;

describe('python front end: parsing a long file in pieces', () => {
  it('cuts only where a top-level statement starts that nothing before it continues, a piece apart', () => {
    const text = longText(12);
    const { cuts } = repairIncompleteLines(text);
    assert.ok(cuts.length >= 10, `${cuts.length} cuts`);
    let previous = 0;
    for (const cut of cuts) {
      assert.ok(cut - previous >= PIECE_CHARS, `cut at ${cut} is ${cut - previous} characters after the last`);
      previous = cut;
      assert.equal(text[cut - 1], '\n', `cut at ${cut} is at a line start`);
      const line = text.slice(cut, text.indexOf('\n', cut));
      assert.match(line, /^[^\s#]/, `cut before ${JSON.stringify(line)}`);
      assert.doesNotMatch(line, CONTINUING, `cut before ${JSON.stringify(line)}`);
      // The top-level line before it is complete and is not a decorator.
      const before = text.slice(0, cut - 1).split('\n').filter((l) => /^[^\s#]/.test(l)).pop() ?? '';
      assert.doesNotMatch(before, /^@|\\$|\($|"""$/, `cut after ${JSON.stringify(before)}`);
    }
  });

  it('does not cut a file shorter than a piece', () => {
    assert.deepEqual(repairIncompleteLines(block(0).repeat(2)).cuts, []);
  });

  it('reads the same tree from the pieces as from the whole text, statements, positions and errors alike', async () => {
    const py = await loadPythonParser();
    const valid = longText(6);
    // Mistakes tree-sitter recovers from inside one statement, away from the cuts' own lines.
    const broken = longText(6, (i) => (i % 7 === 3 ? `\nv_${i} = a ) + b\nw_${i} = [1 2]` : ''));
    for (const text of [valid, broken]) {
      const { cuts } = repairIncompleteLines(text);
      assert.ok(cuts.length >= 4);
      // A tree with an error is read exactly; from pieces only the piece holding it is.
      for (const exact of text === valid ? [false, true] : [true]) {
        const whole = readTree(py, text, { exact });
        const pieces = readTree(py, text, { exact, cuts });
        assert.ok(whole.root.children.length > 100);
        assert.deepEqual(pieces.root.children, whole.root.children, `${exact ? 'exact' : 'following'} reading`);
        assert.deepEqual(pieces.errors, whole.errors);
        assert.equal(pieces.root.error, whole.root.error);
        assert.deepEqual([pieces.root.start, pieces.root.end], [whole.root.start, whole.root.end]);
      }
      assert.equal(readTree(py, text).errors.length > 0, text === broken);
    }
  });

  it('keeps long blanked statements from the parser and reads the same tree as when it scans their blanks', async () => {
    const py = await loadPythonParser();
    const sum = (n: number) => Array.from({ length: n }, (_, k) => `x${k % 7}`).join(' + ');
    // Over the 20,000 characters read: at top level, the only statement of a body, and across lines inside brackets.
    const long = [`s = ${sum(6000)}`, `def f(x):\n    return ${sum(6000)}`, `t = np.stack([\n${sum(3000)},\n${sum(3000)}])`];
    for (const pieces of [0, 3]) {
      const text = `${longText(pieces)}${long.join('\ny = x.T @ x\n')}\nz = f(x)\n${longText(pieces)}`;
      const repaired = repairIncompleteLines(text);
      assert.equal(repaired.problems.filter((p) => p.code === 'too-large').length, 3);
      assert.equal(repaired.skips.length, 3);
      for (const exact of [false, true]) {
        const scanned = readTree(py, repaired.text, { exact, cuts: repaired.cuts });
        const skipped = readTree(py, repaired.text, { exact, cuts: repaired.cuts, skips: repaired.skips });
        assert.deepEqual(skipped.root.children, scanned.root.children);
        assert.deepEqual(skipped.errors, []);
        assert.equal(skipped.root.end, scanned.root.end);
      }
      // Not read at all: stray brackets put there make no error.
      let garbled = repaired.text;
      for (const r of repaired.skips) garbled = garbled.slice(0, r.start) + garbled.slice(r.start, r.end).replace(/[^\r\n]/g, ')') + garbled.slice(r.end);
      const read = readTree(py, garbled, { exact: true, cuts: repaired.cuts, skips: repaired.skips });
      assert.deepEqual(read.errors, []);
      assert.deepEqual(read.root.children, readTree(py, repaired.text, { exact: true, cuts: repaired.cuts }).root.children);
    }
    // A shorter statement blanked for a missing bracket, in a file too short to cut.
    const text = `y = x.T @ x\nw = np.dot(${sum(300)},\nz = y + 1\n`;
    const repaired = repairIncompleteLines(text);
    assert.deepEqual([repaired.cuts.length, repaired.skips.length], [0, 1]);
    const skipped = readTree(py, repaired.text, { skips: repaired.skips });
    assert.deepEqual(skipped.root.children, readTree(py, repaired.text).root.children);
    assert.deepEqual(skipped.root.children.map((c) => c.type), ['expression_statement', 'expression_statement', 'expression_statement']);
  });
});
