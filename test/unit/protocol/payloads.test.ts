import { evalDim } from '../../../src/core/index';
import assert from 'node:assert/strict';
import type { Analysis } from '../../../src/core/analysis';
import { analyze } from '../../../src/core/analyze';
import * as core from '../../../src/core/index';
import { analyzeNotebook } from '../../../src/core/frontends/notebook/index';
import { jacobianOf } from '../../../src/core/jacobian/index';
import type { GraphNode } from '../../../src/core/ir/graph';
import { LineIndex } from '../../../src/core/ir/span';
import { chainOf } from '../../../src/host/panel/chain';
import {
  differenceHeatMap,
  documentRef,
  fromJacobianResult,
  toAnalysisPayload,
  toCheckPayload,
  toDerivationPayload,
  toJacobianEntry,
  toJacobianPayload,
} from '../../../src/host/panel/payloads';
import { analysisPayload, checkPayload, derivationPayload, jacobianPayload, LIMITS } from '../../../src/protocol/messages';
import { validate } from '../../../src/protocol/schema';

/** The seed in NumPy, with its hand-written softmax and backward pass, as the tracer records it. */
const SEED = [
  'C = np.random.randn(N, 1568)',
  'B = np.random.randn(1568, 1024)',
  'A = np.random.randn(1024, 10)',
  'Y = np.eye(10)[y]',
  'Z = C @ B @ A',
  'Z_shift = Z - Z.max(axis=1, keepdims=True)',
  'S = np.exp(Z_shift) / np.exp(Z_shift).sum(axis=1, keepdims=True)',
  'E = -np.sum(Y * np.log(S))',
  'dZ = S - Y',
  'dC = dZ @ A.T @ B.T',
].join('\n');

function seedAnalysis(): Analysis {
  const lines = new LineIndex(SEED);
  const lineSpan = (line: number) => ({ start: lines.lineStart(line), end: lines.lineEnd(line) });
  const at = (line: number, code: string) => {
    const start = lines.lineStart(line) + SEED.slice(lines.lineStart(line)).indexOf(code);
    return { start, end: start + code.length };
  };
  const nodes: GraphNode[] = [];
  const add = (op: string, inputs: number[], shape: (number | string)[], span: { start: number; end: number }, extra: Partial<GraphNode> = {}) => {
    nodes.push({ id: nodes.length, op, inputs, attrs: {}, shape, dtype: 'float', span, ...extra });
    return nodes.length - 1;
  };
  const C = add('randn', [], ['N', 1568], lineSpan(1), { name: 'C', leaf: { fill: 'randn', role: 'input' } });
  const B = add('randn', [], [1568, 1024], lineSpan(2), { name: 'B', leaf: { fill: 'randn', role: 'param' } });
  const A = add('randn', [], [1024, 10], lineSpan(3), { name: 'A', leaf: { fill: 'randn', role: 'param' } });
  const Y = add('eye', [], ['N', 10], lineSpan(4), { name: 'Y', leaf: { fill: 'labels', role: 'labels' } });
  const CB = add('matmul', [C, B], ['N', 1024], at(5, 'C @ B'));
  const Z = add('matmul', [CB, A], ['N', 10], at(5, 'C @ B @ A'), { name: 'Z' });
  const mx = add('max', [Z], ['N', 1], at(6, 'Z.max(axis=1, keepdims=True)'), { attrs: { axis: 1, keepdims: true } });
  const Zs = add('sub', [Z, mx], ['N', 10], at(6, 'Z - Z.max(axis=1, keepdims=True)'), { name: 'Z_shift' });
  const e1 = add('exp', [Zs], ['N', 10], at(7, 'np.exp(Z_shift)'));
  const e2 = add('exp', [Zs], ['N', 10], at(7, 'np.exp(Z_shift).sum')); // evaluated twice, as written
  const sm = add('sum', [e2], ['N', 1], at(7, 'np.exp(Z_shift).sum(axis=1, keepdims=True)'), { attrs: { axis: 1, keepdims: true } });
  const S = add('div', [e1, sm], ['N', 10], at(7, 'np.exp(Z_shift) / np.exp(Z_shift).sum(axis=1, keepdims=True)'), { name: 'S' });
  const lg = add('log', [S], ['N', 10], at(8, 'np.log(S)'));
  const ml = add('mul', [Y, lg], ['N', 10], at(8, 'Y * np.log(S)'));
  const su = add('sum', [ml], [], at(8, 'np.sum(Y * np.log(S))'));
  add('neg', [su], [], at(8, '-np.sum(Y * np.log(S))'), { name: 'E' });
  const dZ = add('sub', [S, Y], ['N', 10], at(9, 'S - Y'), { name: 'dZ' });
  const At = add('transpose', [A], [10, 1024], at(10, 'A.T'));
  const m1 = add('matmul', [dZ, At], ['N', 1024], at(10, 'dZ @ A.T'));
  const Bt = add('transpose', [B], [1024, 1568], at(10, 'B.T'));
  add('matmul', [m1, Bt], ['N', 1568], at(10, 'dZ @ A.T @ B.T'), { name: 'dC' });

  const layer = (line: number, name: string, op: string, shape: (number | string)[] | null, inputs: { name: string; shape: (number | string)[] | null }[] = []) => ({
    name,
    op,
    span: lineSpan(line),
    line,
    shape,
    inputs,
    params: null,
  });
  return {
    language: 'python',
    text: SEED,
    lines,
    program: { language: 'python', stmts: [], problems: [] },
    layers: [
      layer(1, 'C', 'randn', ['N', 1568]),
      layer(5, 'Z', 'matmul', ['N', 10], [
        { name: 'C', shape: ['N', 1568] },
        { name: 'B', shape: [1568, 1024] },
      ]),
      layer(7, 'S', 'div', ['N', 10]),
    ],
    problems: [
      { code: 'suspicious-broadcast', severity: 'warning', span: at(7, 'np.exp(Z_shift).sum'), message: 'sum without keepdims', related: [] },
      { code: 'cyclic-definition', severity: 'warning', span: lineSpan(9), message: 'a problem on a line without a layer', related: [] },
    ],
    occurrences: [],
    symbols: {},
    graph: { nodes, names: new Map() },
    bindings: { N: 8 },
  } as unknown as Analysis;
}

const valid = <T>(schema: Parameters<typeof validate<T>>[0], value: unknown) => {
  const parsed = validate(schema, value);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
};

describe('panel payloads: the chain diagram', () => {
  it('reads C → ·B → ·A → softmax → cross-entropy off the seed, folding the written-out softmax and loss', () => {
    const a = seedAnalysis();
    const chain = chainOf(core, a.graph, a.text, a.lines);
    assert.deepEqual(
      chain.map((n) => n.label),
      ['C', '·B', '·A', 'softmax', 'cross-entropy'],
    );
    assert.deepEqual(
      chain.map((n) => n.shape),
      [['N', 1568], ['N', 1024], ['N', 10], ['N', 10], []],
    );
    assert.equal(chain[3].range?.line, 6, 'the folded softmax starts at the shift on line 6');
    assert.equal(chain[3].range?.endLine, 7);
    assert.match(chain[2].detail, /^Z: C @ B @ A$/);
  });

  it('folds each spelling of a written-out softmax and cross-entropy into one box', async () => {
    const head = ['import numpy as np', 'from scipy.special import logsumexp', 'N = 8', 'X = np.random.randn(N, 20)', 'W = np.random.randn(20, 10)', 'y = np.random.randint(0, 10, size=N)', 'Y = np.eye(10)[y]', 'Z = X @ W'];
    const cases: [string[], string[]][] = [
      [['S = np.exp(Z) / np.sum(np.exp(Z), axis=1, keepdims=True)', 'E = -np.mean(np.log(S[np.arange(N), y]))'], ['softmax', 'cross-entropy']],
      [['S = np.exp(Z - logsumexp(Z, axis=1, keepdims=True))', 'E = -np.sum(Y * np.log(S)) / N'], ['softmax', 'cross-entropy']],
      [['S = np.exp(Z - Z.max(axis=1, keepdims=True))', 'S = S / S.sum(axis=1, keepdims=True)', 'E = np.mean(-np.log(S[range(N), y] + 1e-12))'], ['softmax', 'cross-entropy']],
      [['L = Z - logsumexp(Z, axis=1, keepdims=True)', 'E = -np.sum(Y * L)'], ['log softmax', 'cross-entropy']],
      [['S = np.exp(Z) / np.sum(np.exp(Z), axis=1, keepdims=True)', 'E = np.sum(Y * np.log(S))'], ['softmax', 'log', 'Y ⊙', 'sum']],
    ];
    for (const [lines, tail] of cases) {
      const text = [...head, ...lines].join('\n');
      const a = await analyze(text, { language: 'python' });
      assert.deepEqual(chainOf(core, a.graph, text, a.lines).map((n) => n.label), ['X', '·W', ...tail], lines.join('; '));
    }
  });

  it('ends at the loss, not at the backward pass written after it', () => {
    const a = seedAnalysis();
    const chain = chainOf(core, a.graph, a.text, a.lines);
    assert.equal(chain[chain.length - 1].op, 'cross_entropy');
  });

  it('labels a left multiplication, a bias and an activation', () => {
    const text = 'h = relu(W @ x + b)';
    const lines = new LineIndex(text);
    const span = { start: 0, end: text.length };
    const nodes: GraphNode[] = [
      { id: 0, op: 'randn', inputs: [], attrs: {}, shape: [4, 3], dtype: 'float', span, name: 'W', leaf: { fill: 'randn', role: 'param' } },
      { id: 1, op: 'randn', inputs: [], attrs: {}, shape: [3, 1], dtype: 'float', span, name: 'x', leaf: { fill: 'randn', role: 'input' } },
      { id: 2, op: 'randn', inputs: [], attrs: {}, shape: [4, 1], dtype: 'float', span, name: 'b', leaf: { fill: 'randn', role: 'param' } },
      { id: 3, op: 'matmul', inputs: [0, 1], attrs: {}, shape: [4, 1], dtype: 'float', span },
      { id: 4, op: 'add', inputs: [3, 2], attrs: {}, shape: [4, 1], dtype: 'float', span },
      { id: 5, op: 'relu', inputs: [4], attrs: {}, shape: [4, 1], dtype: 'float', span, name: 'h' },
    ];
    // W and x are both leaves: the first operand starts the chain, so x enters from the right.
    assert.deepEqual(
      chainOf(core, { nodes, names: new Map() }, text, lines).map((n) => n.label),
      ['W', '·x', '+ b', 'relu'],
    );
    const left: GraphNode[] = [
      { id: 0, op: 'randn', inputs: [], attrs: {}, shape: [4, 3], dtype: 'float', span, name: 'W', leaf: { fill: 'randn', role: 'param' } },
      { id: 1, op: 'randn', inputs: [], attrs: {}, shape: [3, 1], dtype: 'float', span, name: 'x', leaf: { fill: 'randn', role: 'input' } },
      { id: 2, op: 'tanh', inputs: [1], attrs: {}, shape: [3, 1], dtype: 'float', span },
      { id: 3, op: 'matmul', inputs: [0, 2], attrs: {}, shape: [4, 1], dtype: 'float', span, name: 'y' },
    ];
    assert.deepEqual(
      chainOf(core, { nodes: left, names: new Map() }, text, lines).map((n) => n.label),
      ['x', 'tanh', 'W·'],
    );
  });

  it('is empty for an empty graph', () => {
    assert.deepEqual(chainOf(core, { nodes: [], names: new Map() }, '', new LineIndex('')), []);
  });
});

describe('panel payloads: adapters', () => {
  it('places a notebook’s layers, problems and chain boxes in their cells, lines counted within each cell', async () => {
    const cells = [
      { kind: 'markdown' as const, language: 'markdown', text: '# Notes' },
      { kind: 'code' as const, language: 'python', text: 'import numpy as np\nX = np.ones((8, 20))\nW = np.ones((16, 4))' },
      { kind: 'code' as const, language: 'python', text: 'h = X @ W' },
    ];
    const { code } = await analyzeNotebook(cells, {});
    assert.ok(code);
    const doc = documentRef({ uri: { toString: () => 'file:///w/nb.ipynb' }, fileName: '/w/nb.ipynb', version: 1, languageId: 'python' });
    const p = toAnalysisPayload(core, code.analysis, doc);
    valid(analysisPayload, p);
    assert.deepEqual(
      p.layers.map((l) => [l.name, l.range.cell, l.range.line]),
      [
        ['X', 1, 2],
        ['W', 1, 3],
        ['h', 2, 1],
      ],
    );
    assert.deepEqual(p.problems.map((q) => q.range), [{ cell: 2, line: 1, column: 5, endLine: 1, endColumn: 10 }]);
    assert.ok(p.chain.every((box) => box.range === null || box.range.cell !== null));
  });
  it('turns an analysis into a valid payload with problems marked on their rows', () => {
    const a = seedAnalysis();
    const doc = documentRef({ uri: { toString: () => 'file:///w/seed.py' }, fileName: '/w/seed.py', version: 4, languageId: 'python' });
    const p = toAnalysisPayload(core, a, doc, { ms: 1.5, range: { start: 0, end: a.text.length } });
    valid(analysisPayload, p);
    assert.equal(p.document?.name, 'seed.py');
    assert.deepEqual(p.lines, { start: 1, end: 10 });
    assert.deepEqual(p.layers[1].range, { cell: null, line: 5, column: 1, endLine: 5, endColumn: 14 });
    assert.deepEqual(p.layers.map((l) => l.marks.length), [0, 0, 1]);
    assert.equal(p.problems.length, 2);
    assert.deepEqual(p.bindings, [{ name: 'N', value: 8 }]);
    assert.equal(p.chain.length, 5);
  });

  it('clips what exceeds the protocol limits instead of producing an invalid payload', () => {
    const a = seedAnalysis();
    a.problems = Array.from({ length: LIMITS.problems + 10 }, () => ({ ...a.problems[0], message: 'x'.repeat(LIMITS.message + 5) }));
    const p = toAnalysisPayload(core, a, null);
    valid(analysisPayload, p);
    assert.equal(p.problems.length, LIMITS.problems);
    assert.equal(p.problems[0].message.length, LIMITS.message);
  });

  it('builds Jacobian entries from the CLI-shaped result, with the pattern as the picture by default', () => {
    const entry = toJacobianEntry(
      { title: { text: '∂vec(Xt) / ∂vec(X)ᵀ', latex: 'J' }, rows: 4, cols: 4, rowsFormula: '4', colsFormula: '4', vec: 'column-major', structure: 'permutation', formula: { text: 'K', latex: 'K_{2,2}' }, density: 0.25, pattern: { nonzeros: [[0, 0], [1, 2], [2, 1], [3, 3]] } },
      { id: 'op-1', op: 'transpose', outputName: 'Xt', inputName: 'X', outputShape: [2, 2], inputShape: [2, 2] },
    );
    assert.equal(entry.pattern?.nonzeros.length, 4);
    assert.equal(entry.pattern?.values, null);
    const payload = toJacobianPayload({ of: 'Xt', wrt: 'X', wrtOptions: ['X'], chain: entry, perOp: [] });
    valid(jacobianPayload, payload);
  });

  it('drops a pattern larger than the panel draws and says so', () => {
    const nonzeros = Array.from({ length: LIMITS.patternNonzeros + 1 }, (_, i) => [i, i] as [number, number]);
    const entry = toJacobianEntry(
      { title: { text: '∂vec(Y) / ∂vec(X)ᵀ', latex: 'J' }, rows: null, cols: null, rowsFormula: 'N', colsFormula: 'N', vec: 'row-major', structure: 'diagonal', formula: { text: 'I', latex: 'I' }, density: NaN },
      { id: 'chain', outputName: 'Y', inputName: 'X', outputShape: ['N'], inputShape: ['N'], picture: { rows: nonzeros.length, cols: nonzeros.length, outputShape: [nonzeros.length], inputShape: [nonzeros.length], nonzeros } },
    );
    assert.equal(entry.pattern, null);
    assert.match(entry.patternNote ?? '', /more than the panel draws/);
    assert.equal(entry.density, null);
    valid(jacobianPayload, toJacobianPayload({ of: 'Y', wrt: 'X', wrtOptions: [], chain: entry, perOp: [] }));
  });

  it('states a failed derivation honestly', () => {
    const p = toDerivationPayload(null, { of: 'E', wrt: 'C', message: 'cannot differentiate det(C) here' });
    valid(derivationPayload, p);
    assert.equal(p.status, 'failed');
    assert.equal(p.gradient, null);
    const unverified = toDerivationPayload({ gradient: { text: 'x', latex: 'x', numpy: 'def gradient(): pass' }, derivative: { text: '∂E/∂C', latex: 'dE' }, steps: [], assumptions: [], verified: null }, { of: 'E', wrt: 'C' });
    assert.equal(unverified.status, 'unverified');
  });

  it('turns check results into a payload: ranges from spans or lines, null for non-finite errors, a heat map for a wrong gradient', () => {
    const lines = new LineIndex('a\nb\nc');
    const p = toCheckPayload(
      {
        loss: 'loss',
        gradients: [
          { name: 'dW', wrt: 'W', span: { start: 2, end: 3 }, verdict: 'wrong', mistake: 'sign-flipped', factor: -1, maxAbsError: Infinity, maxRelError: NaN, message: 'dW has the wrong sign', analytic: [1, -2, 3, -4], numeric: [-1, 2, -3, 4], shape: [2, 2] },
          { name: 'db', wrt: 'b', line: 3, verdict: 'correct', mistake: null, factor: null, maxAbsError: 0, maxRelError: 0, message: 'ok', analytic: [1], numeric: [1], shape: [1] },
        ],
        check: { precision: 'float64', rtol: 1e-7, atol: 1e-10, ms: 12 },
      },
      null,
      lines,
    );
    valid(checkPayload, p);
    assert.deepEqual(p.gradients[0].range, { cell: null, line: 2, column: 1, endLine: 2, endColumn: 2 });
    assert.deepEqual(p.gradients[1].range, { cell: null, line: 3, column: 1, endLine: 3, endColumn: 1 });
    assert.equal(p.gradients[0].maxAbsError, null);
    assert.deepEqual(p.gradients[0].heatmap?.values, [2, -4, 6, -8]);
    assert.equal(p.gradients[1].heatmap, null, 'no heat map for a correct gradient');
  });
});

describe('panel payloads: the difference heat map', () => {
  it('lays a 1-D gradient out as one row and a 3-D one as its first axis by the rest', () => {
    assert.deepEqual(differenceHeatMap([3], [1, 2, 3], [0, 0, 0]), { rows: 1, cols: 3, values: [1, 2, 3], rowStride: 1, colStride: 1, shape: [3] });
    const m = differenceHeatMap([2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8], new Array(8).fill(0));
    assert.equal(m?.rows, 2);
    assert.equal(m?.cols, 4);
  });

  it('pools large gradients, keeping the largest difference of each block and marking non-finite ones', () => {
    const n = 300;
    const analytic = new Float64Array(n * n);
    const numeric = new Float64Array(n * n);
    analytic[5 * n + 7] = -9; // one large error must survive pooling
    analytic[299 * n + 299] = NaN;
    const m = differenceHeatMap([n, n], analytic, numeric, 128)!;
    assert.equal(m.rowStride, 3);
    assert.equal(m.rows, 100);
    assert.equal(m.values[1 * m.cols + 2], -9);
    assert.equal(m.values[m.values.length - 1], null);
    assert.ok(m.values.length <= LIMITS.heatmapCells);
  });

  it('refuses values that do not match the shape', () => {
    assert.equal(differenceHeatMap([2, 2], [1, 2, 3], [1, 2, 3]), null);
  });
});

describe('panel payloads: the chain diagram on initialised weights', () => {
  it('starts at the data, not at how a weight was made (B = randn(…) * 0.01)', () => {
    const text = 'C = randn(N, 5)\nB = randn(5, 4) * 0.01\nZ = C @ B';
    const lines = new LineIndex(text);
    const span = { start: 0, end: 1 };
    const nodes: GraphNode[] = [
      { id: 0, op: 'randn', inputs: [], attrs: {}, shape: ['N', 5], dtype: 'float', span, name: 'C', leaf: { fill: 'randn', role: 'constant' } },
      { id: 1, op: 'randn', inputs: [], attrs: {}, shape: [5, 4], dtype: 'float', span, leaf: { fill: 'randn', role: 'constant' } },
      { id: 2, op: 'const', inputs: [], attrs: { value: 0.01 }, shape: [], dtype: 'float', span, leaf: { fill: 'full', role: 'constant', value: 0.01 } },
      { id: 3, op: 'mul', inputs: [1, 2], attrs: {}, shape: [5, 4], dtype: 'float', span, name: 'B' },
      { id: 4, op: 'matmul', inputs: [0, 3], attrs: {}, shape: ['N', 4], dtype: 'float', span, name: 'Z' },
    ];
    assert.deepEqual(
      chainOf(core, { nodes, names: new Map() }, text, lines).map((n) => n.label),
      ['C', '·B'],
    );
    // Only the initialisation itself: its name starts and ends the chain.
    assert.deepEqual(chainOf(core, { nodes: nodes.slice(0, 4), names: new Map() }, text, lines), []);
  });
});

describe('panel payloads: from the core as it is', () => {
  it('turns jacobianOf(seed) into a valid payload whose picture labels elements by the stated vec order', async () => {
    const text = 'A: 4 x 3\nB: 5 x 4\nC: N x 5\nY: N x 3\n\nX = softmax(C*B*A)\nE = -sum(Y .* log(X))\n';
    const a = await analyze(text, { language: 'math' });
    const result = jacobianOf(a, { wrt: 'C', of: 'X', dims: { N: 2 } });
    const p = fromJacobianResult(evalDim, result, a.graph, a.lines, ['A', 'B', 'C']);
    valid(jacobianPayload, p);
    const chain = p.chain!;
    assert.equal(chain.vec, 'column-major', 'math notation states vec in the literature’s order');
    assert.deepEqual([chain.rows, chain.cols], [6, 10]);
    assert.deepEqual(chain.pattern?.outputShape, [2, 3]);
    assert.deepEqual(chain.pattern?.inputShape, [2, 5]);
    assert.deepEqual(p.dims, [{ name: 'N', value: 2 }]);
    assert.ok(p.perOp.length >= 3);
    assert.ok(p.perOp.every((e) => e.range !== null));
  });
});
