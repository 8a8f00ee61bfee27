// The agreement checks every op module of the general kind goes through (ops/op.ts): the
// kernels against each other and autodiff against finite differences, the Jacobian rule's
// pattern against a float64 difference Jacobian, the symbolic pillar, the LaTeX they print
// (KaTeX renders it), and the spellings in Python and in math notation.
import { strict as assert } from 'node:assert';
import { analyze } from '../../../src/core/analyze';
import { isProblem, parseMathExpression } from '../../../src/core/frontends/math/index';
import { parsePython } from '../../../src/core/frontends/python/index';
import { toLatex } from '../../../src/core/grad/print/latex';
import { OPS } from '../../../src/core/ir/ops';
import type { DeriveError, DeriveResult } from '../../../src/core/grad/derivation';
import { deriveFromGraph } from '../../../src/core/grad/from-graph';
import { jacobianOf } from '../../../src/core/jacobian/index';
import { NumericEnv } from '../../../src/core/numeric/env';
import { F64Evaluator } from '../../../src/core/numeric/f64/evaluate';
import type { F64Tensor } from '../../../src/core/numeric/tensor';
import type { LeafModule, OpModule } from '../../../src/core/ops/index';
import { Rng } from '../../../src/core/numeric/prng';
import type { Attrs } from '../../../src/core/shapes/rules/types';
import { TestGraph } from '../numeric/graph';
import { type Case, checkKernels, values } from '../numeric/kernel-agreement';
import { assertKatexRenders, callOps, functionSnippet, methodSnippet, NO_MATH_SPELLING, NO_PYTHON_SPELLING } from './spellings';

/** Nonzero entries (row-major vec, [output, input]) of ∂F/∂x0 by central differences of the float64 kernels. */
function differenceJacobian(c: Case, seed: number): { nonzeros: Set<string>; t: TestGraph } {
  const rng = new Rng(seed);
  const t = new TestGraph();
  const ids = c.inputs.map((inp, i) => {
    const n = inp.shape.reduce((p, d) => p * d, 1);
    // Operands held fixed (class indices, masks) keep their kind of values; only x0 is differentiated.
    if (i > 0 && inp.fixed) return t.input(`x${i}`, inp.shape, values(inp, rng));
    return t.input(`x${i}`, inp.shape, Array.from({ length: n }, () => (rng.uniform() < 0.5 ? -1 : 1) * (0.3 + 1.5 * rng.uniform())));
  });
  const out = t.op(c.op, ids, c.attrs ?? {}, 'F');
  const x = t.values.get(ids[0]) as F64Tensor;
  const run = () => (new F64Evaluator(t.graph, new NumericEnv(), t.values).run([out]).values.get(out) as F64Tensor).data.slice();
  const nonzeros = new Set<string>();
  for (let j = 0; j < x.data.length; j++) {
    const v = x.data[j];
    x.data[j] = v + 1e-6;
    const up = run();
    x.data[j] = v - 1e-6;
    const down = run();
    x.data[j] = v;
    up.forEach((u, i) => {
      if (Math.abs(u - down[i]) / 2e-6 > 1e-6) nonzeros.add(`${i},${j}`);
    });
  }
  return { nonzeros, t };
}

export interface ModuleCases {
  /** Inputs and attributes to run the op at (shapes small enough to enumerate). */
  cases: (Omit<Case, 'op'> & { attrs?: Attrs; refuses?: string })[];
  /** A source line per front end that must read as this op, the tensor X: (3, 4) in scope. */
  python: string[];
}

export function checkOpModule(op: OpModule, { cases, python }: ModuleCases): void {
  describe(`${op.name}: the agreement checks every op module passes`, () => {
    cases.forEach((c, k) => {
      const full: Case = { ...c, op: op.name };
      it(`${c.name}: shape rule = kernels' shape; TensorFlow.js = float64; autodiff = finite differences`, () => checkKernels(full));

      it(`${c.name}: the Jacobian rule's pattern holds every nonzero of the difference Jacobian; its formula renders in KaTeX`, () => {
        const { nonzeros, t } = differenceJacobian(full, 97 + k);
        const result = jacobianOf(t.graph, { wrt: 'x0', of: 'F', vec: 'row-major' });
        const structural = new Set(result.pattern?.nonzeros.map(([i, j]) => `${i},${j}`));
        const outside = [...nonzeros].filter((e) => !structural.has(e));
        assert.deepEqual(outside, [], `${result.structure} ${result.formula.text}`);
        assertKatexRenders(result.formula.latex, 'the Jacobian formula');
      });

      it(`${c.name}: Derive Gradient reads it symbolically and prints LaTeX KaTeX renders, or says why not`, () => {
        const t = new TestGraph();
        const ids = c.inputs.map((inp, i) => t.input(`x${i}`, inp.shape));
        const out = t.op(op.name, ids, c.attrs ?? {}, 'F');
        // Each output element weighed differently, so that no gradient vanishes by symmetry (a softmax's rows sum to 1).
        const w = t.input('W', t.graph.nodes[out].shape as number[]);
        t.op('sum', [t.op('mul', [out, w])], {}, 'E');
        const result = deriveFromGraph(t.graph, 'E', 'x0');
        if ([...c.inputs.map((inp) => inp.shape), t.graph.nodes[out].shape].some((shape) => shape.length > 2)) {
          // Matrix calculus here is for matrices and vectors.
          assert.ok(!result.ok && /dimensional/.test(result.error), result.ok ? 'derived' : result.error);
        } else if (c.refuses !== undefined) {
          // A module that reads some of its nodes symbolically (a power with a constant exponent) refuses the others.
          assert.ok(!result.ok && result.error.includes(c.refuses), result.ok ? 'derived' : result.error);
        } else if ('unsupported' in op.symbolic) {
          assert.equal(result.ok, false);
          assert.ok(!result.ok && result.error.includes(op.symbolic.unsupported), !result.ok ? result.error : '');
        } else {
          // A derivation is only returned once verified numerically against differences.
          assert.ok(result.ok, !result.ok ? result.error : '');
          // The op as the expression prints it, its gradient, and every step.
          assertKatexRenders(toLatex(result.expr.loss), 'the expression');
          assertKatexRenders(result.gradient.latex, 'the gradient');
          assertKatexRenders(result.derivative.latex, 'the derivative');
          for (const step of result.steps) assertKatexRenders(step.latex, 'a step');
        }
      });
    });

    it('is read from every spelling the module lists', async () => {
      for (const line of python) {
        const analysis = await analyze(`import numpy\nimport torch\nimport tensorflow\n# X: (3, 4)\n${line}\n`, { language: 'python' });
        assert.deepEqual(analysis.problems.filter((p) => p.severity !== 'info').map((p) => p.message), [], line);
        assert.ok(analysis.graph.nodes.some((n) => n.op === op.name), line);
      }
      const listed = [...op.spellings.python.flatMap((s) => s.names), ...(op.spellings.methods ?? []).flatMap((s) => s.names.map((m) => `.${m}(`))];
      for (const spelling of listed) assert.ok(python.some((line) => line.includes(spelling)), `no line reads ${spelling}`);
    });

    it('every Python spelling, written as a call, parses and lowers to this op', async () => {
      const { python: functions, methods = [] } = op.spellings;
      assert.equal(functions.length === 0, op.name in NO_PYTHON_SPELLING, `${op.name}: a module without Python functions is listed in NO_PYTHON_SPELLING with its reason, and only then`);
      const snippets = [
        ...functions.flatMap((s) => s.names.map((name) => functionSnippet(name, s.params))),
        ...methods.flatMap((s) => s.names.map((name) => methodSnippet(name, s.params, s.library))),
      ];
      for (const text of snippets) {
        const program = await parsePython(text);
        assert.deepEqual(program.problems.map((p) => p.message), [], text);
        assert.ok(callOps(program.stmts).has(op.name), `${text} lowers to ${[...callOps(program.stmts)].join(', ')}`);
      }
    });

    it('every math spelling lowers to this op, plain and in LaTeX, or it is listed with the reason it has none', () => {
      const math = op.spellings.math ?? [];
      assert.equal(math.length === 0, op.name in NO_MATH_SPELLING, `${op.name}: a module without math spellings is listed in NO_MATH_SPELLING with its reason, and only then`);
      const lowersTo = (text: string, want: string) => {
        const e = parseMathExpression(text);
        assert.ok(!isProblem(e), isProblem(e) ? `${text}: ${e.message}` : '');
        assert.ok(e.kind === 'call' && e.op === want, `${text} is read as ${e.kind === 'call' ? e.op : e.kind}, not ${want}`);
      };
      for (const spelling of math) {
        for (const name of spelling.names) {
          lowersTo(`${name}(X)`, op.name);
          lowersTo(`\\operatorname{${name}}(X)`, op.name);
          if (spelling.pairwise) {
            assert.ok(spelling.pairwise in OPS, `${spelling.pairwise} is no op`);
            lowersTo(`${name}(X, Y)`, spelling.pairwise);
          }
        }
        for (const command of spelling.latex ?? []) lowersTo(`\\${command} X`, op.name);
      }
    });
  });
}

/** Reads `source` (numpy, torch and tensorflow imported, X: (3, 4) declared) as the analysis does. */
async function analyzed(source: string) {
  return analyze(`import numpy\nimport torch\nimport tensorflow\n# X: (3, 4)\n${source}\n`, { language: 'python' });
}

export interface LeafCases {
  /** A source line per spelling that must read as this leaf. */
  python: string[];
  /** Lines that define E, a scalar, from X (3, 4) and a value this leaf creates, named L when it is read as a variable. */
  loss: string;
}

/**
 * The checks a leaf module goes through. A leaf has no operands: it has no kernels to agree
 * with each other, no gradient to compare with differences and no Jacobian, so those checks
 * of checkOpModule do not apply; its values are drawn by numeric/leaves.ts (tested there).
 * What remains: its spellings, its shape rule making no operands, and its symbolic reading.
 */
export function checkLeafModule(op: LeafModule, { python, loss }: LeafCases): void {
  describe(`${op.name}: the checks a leaf module passes (it has no operands, hence no kernels, gradient or Jacobian to check)`, () => {
    it('takes no tensor operands', () => assert.equal(op.signature.tensors, 0));

    it('is read from every spelling the module lists', async () => {
      for (const line of python) {
        const analysis = await analyzed(line);
        assert.deepEqual(analysis.problems.filter((p) => p.severity !== 'info').map((p) => p.message), [], line);
        assert.ok(analysis.graph.nodes.some((n) => n.op === op.name), line);
      }
      const listed = op.spellings.python.flatMap((s) => s.names);
      for (const spelling of listed) assert.ok(python.some((line) => line.includes(spelling)), `no line reads ${spelling}`);
    });

    it('Derive Gradient reads it as its module says', async () => {
      const analysis = await analyzed(loss);
      assert.ok(analysis.graph.nodes.some((n) => n.op === op.name), loss);
      const wrt = op.symbolic === 'variable' ? 'L' : 'X';
      const result = deriveFromGraph(analysis.graph, 'E', wrt);
      if (typeof op.symbolic === 'object' && 'unsupported' in op.symbolic) {
        assert.ok(!result.ok && result.error.includes(op.symbolic.unsupported), result.ok ? 'derived' : result.error);
      } else {
        assert.ok(result.ok, !result.ok ? result.error : '');
      }
    });
  });
}

/** Derive Gradient on Python code as a user writes it: dE/d(wrt), or why not. */
export async function deriveFromPython(code: string, wrt: string): Promise<DeriveResult | DeriveError> {
  return deriveFromGraph((await analyze(code, { language: 'python' })).graph, 'E', wrt);
}

/** dE/d(wrt) from Python code, which must derive (and so has verified numerically). */
export async function derivedFromPython(code: string, wrt: string): Promise<DeriveResult> {
  const r = await deriveFromPython(code, wrt);
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r;
}
