/**
 * Payloads for every message, modelled on the seed network (E = −Σ Y ⊙ log softmax(C·B·A))
 * and the two-layer net with a scaled gradient. Used by the protocol and webview tests and
 * by the standalone preview (test/unit/webview/preview.ts). The Jacobian pictures are
 * computed by central differences at small sizes, so their values are real.
 */
import { jacobianTitle } from '../../../src/core/jacobian/names';
import { latexName, partialDerivative } from '../../../src/core/print/latex-name';
import {
  differenceHeatMap,
  toCheckPayload,
  toDerivationPayload,
  toJacobianEntry,
  toJacobianPayload,
} from '../../../src/host/panel/payloads';
import type {
  AnalysisPayload,
  CheckPayload,
  DerivationPayload,
  HostToWebview,
  JacobianPayload,
  NotePayload,
  ProgressPayload,
  WebviewToHost,
} from '../../../src/protocol/messages';

const DOC = { uri: 'file:///work/examples/seed.py', name: 'seed.py', version: 3, languageId: 'python' };
const r = (line: number, column: number, endColumn: number) => ({ cell: null, line, column, endLine: line, endColumn });

export const analysis: AnalysisPayload = {
  document: DOC,
  lines: null,
  layers: [
    { name: 'C', op: 'randn', range: r(5, 1, 28), inputs: [], shape: ['N', 1568], params: null, marks: [] },
    { name: 'B', op: 'randn', range: r(6, 1, 40), inputs: [], shape: [1568, 1024], params: null, marks: [] },
    { name: 'A', op: 'randn', range: r(7, 1, 38), inputs: [], shape: [1024, 10], params: null, marks: [] },
    { name: 'Y', op: 'index', range: r(9, 1, 17), inputs: [{ name: 'y', shape: ['N'] }], shape: ['N', 10], params: null, marks: [] },
    {
      name: 'Z',
      op: 'matmul',
      range: r(11, 1, 14),
      inputs: [
        { name: 'C', shape: ['N', 1568] },
        { name: 'B', shape: [1568, 1024] },
        { name: 'A', shape: [1024, 10] },
      ],
      shape: ['N', 10],
      params: null,
      marks: [],
    },
    { name: 'S', op: 'softmax', range: r(13, 1, 66), inputs: [{ name: 'Z_shift', shape: ['N', 10] }], shape: ['N', 10], params: null, marks: [] },
    {
      name: 'P',
      op: 'div',
      range: r(15, 1, 38),
      inputs: [
        { name: 'S', shape: ['N', 10] },
        { name: 'S.sum(axis=1)', shape: ['N'] },
      ],
      shape: ['N', 10],
      params: null,
      marks: [{ severity: 'warning', message: 'suspicious broadcast: (N, 10) / (N,) lines up N with the 10 columns; use keepdims=True' }],
    },
    { name: 'h_fc1', op: 'relu', range: r(16, 1, 44), inputs: [{ name: 'h_pool2_flat', shape: ['N', 1568] }, { name: 'W_fc1', shape: [1024, 1568] }], shape: null, params: 1_606_656, marks: [{ severity: 'error', message: 'matmul: inner dimensions differ — h_pool2_flat is (N, 1568) (line 14), W_fc1 is (1024, 1568) (line 15)' }] },
    { name: 'E', op: 'neg', range: r(14, 1, 27), inputs: [{ name: 'Y', shape: ['N', 10] }, { name: 'S', shape: ['N', 10] }], shape: [], params: null, marks: [] },
  ],
  problems: [
    { code: 'suspicious-broadcast', severity: 'warning', message: 'suspicious broadcast: (N, 10) / (N,) lines up N with the 10 columns; use keepdims=True', range: r(15, 5, 38) },
    { code: 'shape-mismatch', severity: 'error', message: 'matmul: inner dimensions differ — h_pool2_flat is (N, 1568) (line 14), W_fc1 is (1024, 1568) (line 15)', range: r(16, 9, 44) },
    { code: 'cyclic-definition', severity: 'warning', message: 'B = C • B defines B in terms of itself', range: r(21, 1, 10) },
  ],
  chain: [
    { label: 'C', op: 'input', detail: 'C: np.random.randn(N, 1568)', shape: ['N', 1568], range: r(5, 5, 28) },
    { label: '·B', op: 'matmul', detail: 'C @ B', shape: ['N', 1024], range: r(11, 5, 10) },
    { label: '·A', op: 'matmul', detail: 'Z: C @ B @ A', shape: ['N', 10], range: r(11, 5, 14) },
    { label: 'softmax', op: 'softmax', detail: 'S: np.exp(Z_shift) / np.exp(Z_shift).sum(axis=1, keepdims=True)', shape: ['N', 10], range: r(12, 1, 66) },
    { label: 'cross-entropy', op: 'cross_entropy', detail: 'E: -np.sum(Y * np.log(S))', shape: [], range: r(14, 5, 27) },
  ],
  bindings: [],
  ms: 2.4,
};

// ───────────── small numeric helpers for real Jacobian values ─────────────

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

type Mat = number[][];
const randMat = (rows: number, cols: number, next: () => number): Mat => Array.from({ length: rows }, () => Array.from({ length: cols }, () => next()));
const matmul = (a: Mat, b: Mat): Mat => a.map((row) => b[0].map((_, j) => row.reduce((acc, x, k) => acc + x * b[k][j], 0)));
const softmaxRows = (z: Mat): Mat =>
  z.map((row) => {
    const m = Math.max(...row);
    const e = row.map((x) => Math.exp(x - m));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((x) => x / s);
  });
const flat = (m: Mat) => m.flat();
const unflat = (v: number[], rows: number, cols: number): Mat => Array.from({ length: rows }, (_, i) => v.slice(i * cols, (i + 1) * cols));

/** J = ∂vec(f)/∂vec(x)ᵀ by central differences, row-major vec, entries below 1e-9 are structural zeros. */
function jacobianPicture(f: (x: number[]) => number[], x: number[], outShape: number[], inShape: number[]) {
  const h = 1e-5;
  const out0 = f(x);
  const nonzeros: [number, number][] = [];
  const values: number[] = [];
  const columns: number[][] = x.map((_, j) => {
    const xp = [...x];
    const xm = [...x];
    xp[j] += h;
    xm[j] -= h;
    const fp = f(xp);
    const fm = f(xm);
    return fp.map((v, i) => (v - fm[i]) / (2 * h));
  });
  for (let i = 0; i < out0.length; i++) {
    for (let j = 0; j < x.length; j++) {
      const v = columns[j][i];
      if (Math.abs(v) > 1e-9) {
        nonzeros.push([i, j]);
        values.push(v);
      }
    }
  }
  return { rows: out0.length, cols: x.length, outputShape: outShape, inputShape: inShape, nonzeros, values, dims: { N: outShape[0] } };
}

// The seed at small sizes: C is N×5, B 5×4, A 4×3, N = 2.
const next = rng(7);
const [n, c, b, a] = [2, 5, 4, 3];
const C = randMat(n, c, next);
const B = randMat(c, b, next);
const A = randMat(b, a, next);
const BA = matmul(B, A);
const CB = matmul(C, B);
const Z = matmul(CB, A);

const chainPicture = jacobianPicture((x) => flat(softmaxRows(matmul(unflat(x, n, c), BA))), flat(C), [n, a], [n, c]);
const matmulBPicture = jacobianPicture((x) => flat(matmul(unflat(x, n, c), B)), flat(C), [n, b], [n, c]);
const matmulAPicture = jacobianPicture((x) => flat(matmul(unflat(x, n, b), A)), flat(CB), [n, a], [n, b]);
const softmaxPicture = jacobianPicture((x) => flat(softmaxRows(unflat(x, n, a))), flat(Z), [n, a], [n, a]);

/** The title the core gives a Jacobian of one named value with respect to another. */
function title(of: string, wrt: string) {
  return jacobianTitle({ text: of, latex: latexName(of) }, { text: wrt, latex: latexName(wrt) });
}

export const jacobian: JacobianPayload = toJacobianPayload({
  of: 'X',
  wrt: 'C',
  wrtOptions: ['C', 'B', 'A'],
  chain: toJacobianEntry(
    {
      title: title('X', 'C'),
      rows: null,
      cols: null,
      rowsFormula: '10*N',
      colsFormula: '1568*N',
      vec: 'row-major',
      structure: 'block-diagonal',
      formula: { text: 'blockdiag_n((Diag(s_n) − s_n s_nᵀ)(BA)ᵀ)', latex: '\\operatorname{blockdiag}_n\\big((\\operatorname{Diag}(s_n) - s_n s_n^{T})(BA)^{T}\\big)' },
      density: 1 / 2,
    },
    { id: 'chain', outputName: 'X', inputName: 'C', outputShape: ['N', 10], inputShape: ['N', 1568], picture: chainPicture },
  ),
  perOp: [
    toJacobianEntry(
      { title: title('CB', 'C'), rows: null, cols: null, rowsFormula: '1024*N', colsFormula: '1568*N', vec: 'row-major', structure: 'kronecker', formula: { text: 'I_N ⊗ Bᵀ', latex: 'I_N \\otimes B^{T}' }, density: 1 / 2 },
      { id: 'op-5', op: 'matmul', outputName: 'CB', inputName: 'C', outputShape: ['N', 1024], inputShape: ['N', 1568], picture: matmulBPicture, range: r(11, 5, 10) },
    ),
    toJacobianEntry(
      { title: title('Z', 'CB'), rows: null, cols: null, rowsFormula: '10*N', colsFormula: '1024*N', vec: 'row-major', structure: 'kronecker', formula: { text: 'I_N ⊗ Aᵀ', latex: 'I_N \\otimes A^{T}' }, density: 1 / 2 },
      { id: 'op-6', op: 'matmul', outputName: 'Z', inputName: 'CB', outputShape: ['N', 10], inputShape: ['N', 1024], picture: matmulAPicture, range: r(11, 5, 14) },
    ),
    toJacobianEntry(
      {
        title: title('S', 'Z'),
        rows: null,
        cols: null,
        rowsFormula: '10*N',
        colsFormula: '10*N',
        vec: 'row-major',
        structure: 'block-diagonal',
        formula: { text: 'blockdiag_n(Diag(s_n) − s_n s_nᵀ)', latex: '\\operatorname{blockdiag}_n\\big(\\operatorname{Diag}(s_n) - s_n s_n^{T}\\big)' },
        density: 1 / 2,
      },
      { id: 'op-9', op: 'softmax', outputName: 'S', inputName: 'Z', outputShape: ['N', 10], inputShape: ['N', 10], picture: softmaxPicture, range: r(13, 1, 66) },
    ),
  ],
  message: null,
});

export const derivation: DerivationPayload = toDerivationPayload(
  {
    gradient: {
      text: '(softmax(C·B·A) − Y)·Aᵀ·Bᵀ',
      latex: '\\big(\\operatorname{softmax}(CBA) - Y\\big)\\,A^{T}B^{T}',
      numpy:
        'import numpy as np\n\ndef gradient(A, B, C, Y):\n    Z = C @ B @ A\n    S = np.exp(Z - Z.max(axis=1, keepdims=True))\n    S /= S.sum(axis=1, keepdims=True)\n    return (S - Y) @ A.T @ B.T\n',
    },
    derivative: partialDerivative('E', 'C'),
    steps: [
      { text: 'E = −sum(Y ⊙ log X), X = softmax(Z), Z = C·B·A', latex: 'E = -\\mathbf{1}^{T}(Y \\odot \\log X)\\mathbf{1},\\quad X = \\operatorname{softmax}(Z),\\quad Z = CBA' },
      { text: 'dE = −⟨Y ⊘ X, dX⟩', latex: 'dE = -\\langle Y \\oslash X,\\ dX \\rangle' },
      { text: 'dx_n = (Diag(x_n) − x_n x_nᵀ) dz_n for each row n', latex: 'dx_n = \\big(\\operatorname{Diag}(x_n) - x_n x_n^{T}\\big)\\,dz_n \\quad \\text{for each row } n' },
      { text: 'dE = ⟨X ⊙ (Y1) − Y, dZ⟩ = ⟨X − Y, dZ⟩ when Y1 = 1', latex: 'dE = \\langle X \\odot (Y\\mathbf{1}\\mathbf{1}^{T}) - Y,\\ dZ \\rangle = \\langle X - Y,\\ dZ \\rangle \\quad \\text{when } Y\\mathbf{1} = \\mathbf{1}' },
      { text: 'dZ = dC·B·A, so dE = ⟨(X − Y)(BA)ᵀ, dC⟩', latex: 'dZ = dC\\,BA \\;\\Rightarrow\\; dE = \\langle (X - Y)(BA)^{T},\\ dC \\rangle' },
      { text: 'dE/dC = (X − Y)·Aᵀ·Bᵀ', latex: '\\frac{\\partial E}{\\partial C} = (X - Y)\\,A^{T}B^{T}' },
    ],
    assumptions: ['the rows of Y sum to 1 (Y is one-hot here)'],
    verified: { maxRelError: 3.1e-13, precision: 'float64' },
  },
  { of: 'E', wrt: 'C', wrtOptions: ['A', 'B', 'C'] },
);

// The two-layer net, with dW1 forgetting the 1/N of the mean.
const numericW1 = randMat(20, 16, rng(11));
const analyticW1 = numericW1.map((row) => row.map((v) => v * 8));
const heat = differenceHeatMap([20, 16], flat(analyticW1), flat(numericW1));

export const check: CheckPayload = toCheckPayload(
  {
    loss: 'loss',
    gradients: [
      { name: 'dW2', wrt: 'W2', line: 23, verdict: 'correct', mistake: null, factor: null, maxAbsError: 2.2e-17, maxRelError: 4.1e-15, message: 'dW2 matches autodiff (max. relative error 4.1e-15)' },
      { name: 'db2', wrt: 'b2', line: 24, verdict: 'correct', mistake: null, factor: null, maxAbsError: 1.4e-17, maxRelError: 2.0e-15, message: 'db2 matches autodiff' },
      {
        name: 'dW1',
        wrt: 'W1',
        line: 27,
        verdict: 'wrong',
        mistake: 'scaled',
        factor: 8,
        maxAbsError: 0.31,
        maxRelError: 0.875,
        message: 'dW1 is off by a factor of 8: the loss takes the mean over N = 8 samples',
        worst: [
          { index: [3, 7], analytic: 0.3542, numeric: 0.0443 },
          { index: [11, 2], analytic: -0.3301, numeric: -0.0413 },
          { index: [0, 15], analytic: 0.2987, numeric: 0.0373 },
        ],
        analytic: flat(analyticW1),
        numeric: flat(numericW1),
        shape: [20, 16],
      },
      { name: 'db1', wrt: 'b1', line: 28, verdict: 'wrong', mistake: 'wrong-shape', factor: null, maxAbsError: null, maxRelError: null, message: 'db1 has shape (1, 16) but b1 is (16,): the values are right, the shape will broadcast wrongly' },
      { name: 'dh', wrt: null, line: 25, verdict: 'unchecked', mistake: null, factor: null, maxAbsError: null, maxRelError: null, message: 'dh is changed in place on line 26 and no longer matches a variable’s gradient' },
    ],
    check: { precision: 'float64', rtol: 1e-7, atol: 1e-10, ms: 184 },
  },
  { uri: 'file:///work/examples/two_layer_net.py', name: 'two_layer_net.py', version: 1, languageId: 'python' },
  null,
);
if (!heat) throw new Error('fixture: heat map');

export const progress: ProgressPayload = { id: 'task-1', title: 'Checking gradients', message: 'finite differences, 3 of 5', fraction: 0.6, cancellable: true };

const NOTE_DOC = { uri: 'file:///work/examples/seed_question.md', name: 'seed_question.md', version: 4, languageId: 'markdown' };

/** The seed answer's equations and derivation, as the Note section receives them (a few lines of each). */
export const note: NotePayload = {
  document: NOTE_DOC,
  equations: [
    { name: 'M', shape: ['10*N', '1568*N'], text: 'M &= A^TB^T\\otimes I_c', latex: 'M = A^TB^T\\otimes I_c', range: r(40, 18, 40) },
    { name: 'c', shape: ['1568*N', 1], text: 'c &= {\\rm vec}(C)', latex: 'c = {\\rm vec}(C)', range: r(40, 45, 62) },
    { name: 'z', shape: ['10*N', 1], text: 'z &= Mc', latex: 'z = Mc', range: r(40, 67, 74) },
  ],
  derivation: [
    { states: 'dx', text: 'dx = ({\\rm Diag}(x) - xx^T)\\,dz', latex: 'dx = ({\\rm Diag}(x) - xx^T)\\,dz', range: r(40, 280, 306) },
    { states: 'dE', text: 'dE = -y:d\\log(x)', latex: 'dE = -y:d\\log(x)', range: r(40, 446, 465) },
    { states: 'dE', text: '= -y:\\frac{dx}{x}', latex: '= -y:\\frac{dx}{x}', range: r(40, 473, 488) },
    { states: '∂E/∂c', text: '\\frac{\\partial E}{\\partial c} &= M^T(xx^T-{\\rm Diag}(x))\\,\\Big(\\frac{y}{x}\\Big)', latex: '\\frac{\\partial E}{\\partial c} = M^T(xx^T-{\\rm Diag}(x))\\,\\Big(\\frac{y}{x}\\Big)', range: r(42, 118, 197) },
  ],
  claims: [{ loss: 'E', wrt: 'C' }],
};

const holdsOnlyForOne = 'holds only when N = 1: vec(softmax(Z)) = softmax(vec Z) treats the N rows as one softmax; the row-wise Jacobian is block-diagonal, Diag(x_n) − x_n x_nᵀ per row';

/** The check of that note: verdicts at the spans of the lines they judge (the second line has none). */
export const noteCheck: CheckPayload = {
  document: NOTE_DOC,
  loss: 'E',
  gradients: [
    { name: 'dx', wrt: 'z', range: r(40, 280, 306), verdict: 'wrong', mistake: 'wrong', factor: null, maxAbsError: 0.45, maxRelError: 0.73, message: `dx = … ${holdsOnlyForOne}`, worst: [], heatmap: null },
    { name: 'dE', wrt: 'c', range: r(40, 473, 488), verdict: 'correct', mistake: null, factor: null, maxAbsError: 9.7e-11, maxRelError: 1.8e-11, message: '= -y:\\frac{dx}{x} (a step of dE) holds', worst: [], heatmap: null },
    { name: '∂E/∂c', wrt: 'C', range: r(42, 118, 197), verdict: 'wrong', mistake: 'wrong', factor: null, maxAbsError: 0.3, maxRelError: 0.87, message: `∂E/∂c ${holdsOnlyForOne}`, worst: [], heatmap: null },
  ],
  check: { precision: 'float32', rtol: 1e-3, atol: 1e-5, ms: 14337 },
  message: null,
};

/** One message of every host → webview type. */
export const hostMessages: HostToWebview[] = [
  { type: 'analysis/show', payload: analysis },
  { type: 'jacobian/show', payload: jacobian },
  { type: 'derivation/show', payload: derivation },
  { type: 'check/show', payload: check },
  { type: 'note/show', payload: note },
  { type: 'progress/show', payload: progress },
  { type: 'progress/hide', id: 'task-1' },
  { type: 'notice/show', payload: { level: 'info', text: 'Symbolic N took the value 8 from gradLens.defaultBatch for the numeric check.' } },
  { type: 'panel/focus', section: 'check' },
  { type: 'panel/reset' },
];

/** One message of every webview → host type. */
export const webviewMessages: WebviewToHost[] = [
  { type: 'ready' },
  { type: 'reveal', uri: DOC.uri, range: r(11, 1, 14) },
  { type: 'clipboard/write', text: derivation.gradient!.latex, format: 'latex' },
  { type: 'progress/cancel', id: 'task-1' },
  { type: 'jacobian/select', wrt: 'B' },
  { type: 'derivation/select', wrt: 'A' },
  { type: 'command/run', command: 'checkGradients' },
  { type: 'log', level: 'warning', message: 'webview dropped a malformed message' },
];
