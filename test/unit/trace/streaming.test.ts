import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateModel } from '../../../bench/analysis';
import { analyze } from '../../../src/core/analyze';
import { parseProgram } from '../../../src/core/frontends/index';
import { repairIncompleteLines } from '../../../src/core/frontends/python/syntax';
import { MAX_EXPR_DEPTH } from '../../../src/core/ir/depth';
import type { Language, Stmt } from '../../../src/core/ir/program';
import { LineIndex } from '../../../src/core/ir/span';
import { Tracer } from '../../../src/core/trace/tracer';

const EXAMPLES = join(__dirname, '../../../examples');

/** The trace of the whole Program once read, the way analyze worked before it traced statements as they came. */
async function tracedAfterwards(text: string, language: Language) {
  const program = await parseProgram(text, language, {});
  return { program, trace: new Tracer(text, new LineIndex(text), { language }).run(program) };
}

describe('tracing statements as the front end hands them over', () => {
  it('gives the layers, problems, hovers and graph of tracing the Program once read', async () => {
    const files = readdirSync(EXAMPLES).filter((f) => /\.(py|md)$/.test(f));
    const texts: [string, string, Language][] = files.map((f) => [f, readFileSync(join(EXAMPLES, f), 'utf8'), f.endsWith('.py') ? 'python' : 'math']);
    // Long enough to be parsed in pieces, with a mistake in it.
    texts.push(['generated', `${generateModel(1500)}bad = W1_3 @ W1_4\n`, 'python']);
    assert.ok(repairIncompleteLines(texts[texts.length - 1][1]).cuts.length > 0);
    for (const [name, text, language] of texts) {
      const streamed = await analyze(text, { language });
      const { program, trace } = await tracedAfterwards(text, language);
      assert.ok(streamed.layers.length > 0, name);
      assert.deepEqual(streamed.program.stmts, program.stmts, name);
      // analyze lists math layers top to bottom; they are traced in dependency order.
      const layers = language === 'math' ? [...trace.layers].sort((a, b) => a.span.start - b.span.start) : trace.layers;
      assert.deepEqual(streamed.layers.map((l) => [l.name, l.line, l.shape]), layers.map((l) => [l.name, l.line, l.shape]), name);
      const messages = (ps: { message: string; span: { start: number } }[]) => ps.map((p) => `${p.span.start} ${p.message}`).sort();
      assert.deepEqual(messages(streamed.problems), messages([...program.problems, ...trace.problems]), name);
      assert.deepEqual(streamed.occurrences, trace.occurrences, name);
      assert.deepEqual(streamed.graph.nodes, trace.graph.nodes, name);
    }
    const generated = await analyze(texts[texts.length - 1][1], { language: 'python' });
    assert.ok(generated.problems.some((p) => p.code === 'shape-mismatch' && /W1_3/.test(p.message)));
  });

  it('reads the Program again when asked for it, once, as the front end reads it', async () => {
    const text = readFileSync(join(EXAMPLES, 'two_layer_net.py'), 'utf8');
    const a = await analyze(text, { language: 'python' });
    const first = a.program;
    assert.equal(a.program, first, 'read once');
    assert.deepEqual(first, await parseProgram(text, 'python', {}));
    assert.ok(first.stmts.length > 10);
    // Its spans are the graph's: each traced op's span is one of the Program's.
    const spans = new Set<string>();
    const visit = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      if (typeof o.start === 'number' && typeof o.end === 'number') spans.add(`${o.start}:${o.end}`);
      for (const v of Object.values(o)) visit(v);
    };
    visit(first.stmts);
    for (const n of a.graph.nodes) assert.ok(spans.has(`${n.span.start}:${n.span.end}`), `${n.op} at ${n.span.start}`);
  });

  it('leaves out a too-deep statement inside a loop, keeps the loop, and goes on after it', async () => {
    const deep = `${'np.exp('.repeat(MAX_EXPR_DEPTH + 5)}x${')'.repeat(MAX_EXPR_DEPTH + 5)}`;
    const text = ['import numpy as np', 'x = np.zeros((2, 3))', 'for i in range(2):', '    h = x * 2', `    z = ${deep}`, '    g = h + 1', 'w = x.T @ x', ''].join('\n');
    const a = await analyze(text, { language: 'python' });
    const tooDeep = a.problems.filter((p) => p.code === 'too-deep');
    assert.equal(tooDeep.length, 1);
    assert.equal(a.lines.lineOf(tooDeep[0].span.start), 5);
    const loop = a.program.stmts.find((s): s is Extract<Stmt, { kind: 'for' }> => s.kind === 'for');
    assert.ok(loop);
    assert.deepEqual(
      loop.body.map((s) => (s.kind === 'assign' && s.target.kind === 'name' ? s.target.name : s.kind)),
      ['h', 'g'],
    );
    assert.deepEqual(a.layers.find((l) => l.name === 'g')?.shape, [2, 3]);
    assert.deepEqual(a.layers.find((l) => l.name === 'w')?.shape, [3, 3]);
    assert.equal(a.layers.some((l) => l.name === 'z'), false);
  });

  it('stops at the end of the selection', async () => {
    const text = 'import numpy as np\nx = np.zeros((2, 3))\ny = x @ x.T\nbad = x @ x\n';
    const a = await analyze(text, { language: 'python', range: { start: 0, end: text.indexOf('bad') - 1 } });
    assert.deepEqual(a.layers.map((l) => l.name), ['x', 'y']);
    assert.equal(a.problems.filter((p) => p.severity === 'error').length, 0);
  });
});
