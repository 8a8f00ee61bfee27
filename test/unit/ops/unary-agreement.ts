// The agreement checks every elementwise module goes through, whatever its op: the same
// checks for all, so a module that is wrong in one pillar fails here. Each module's own
// test calls `checkUnaryOp` and adds what is particular to it (values at known points).
import { strict as assert } from 'node:assert';
import katex from 'katex';
import { analyze } from '../../../src/core/analyze';
import { Evaluator } from '../../../src/core/grad/eval';
import { Exprs, type UnaryFn } from '../../../src/core/grad/expr';
import type { Mat } from '../../../src/core/grad/matrix';
import { toLatex } from '../../../src/core/grad/print/latex';
import { toNumpy } from '../../../src/core/grad/print/numpy';
import { toText } from '../../../src/core/grad/print/text';
import { RULES } from '../../../src/core/grad/rules';
import type { Language } from '../../../src/core/ir/program';
import { jacobianOf } from '../../../src/core/jacobian/index';
import { parsePython } from '../../../src/core/frontends/python/index';
import { paramOf, type UnaryOp } from '../../../src/core/ops/index';
import { Rng } from '../../../src/core/numeric/prng';
import { A, checkKernels, I, P, type Input } from '../numeric/kernel-agreement';
import { TestGraph } from '../numeric/graph';
import { pythonCall } from './spellings';

/** Inputs where the op is defined and differences do not straddle a kink. */
function inputFor(op: UnaryOp, ...shape: number[]): Input {
  if (op.domain === 'positive') return P(...shape);
  return op.kinks.length > 0 ? A(...shape) : I(...shape);
}

/** Values like `inputFor`'s, in float64, for the symbolic checks. */
function sample(op: UnaryOp, n: number, rng: Rng): number[] {
  return Array.from({ length: n }, () => {
    if (op.domain === 'positive') return 0.5 + 2 * rng.uniform();
    if (op.kinks.length > 0) return (rng.uniform() < 0.5 ? -1 : 1) * (0.3 + rng.uniform());
    return 1.5 * rng.normal();
  });
}

/** f′(v) by central differences of the module's own float64 kernel. */
function slope(op: UnaryOp, v: number, p: number): number {
  const h = 1e-6 * Math.max(1, Math.abs(v));
  return (op.f64(v + h, p) - op.f64(v - h, p)) / (2 * h);
}

const mat = (rows: number, cols: number, data: number[]): Mat => ({ rows, cols, data: Float64Array.from(data) });

async function opsIn(text: string, language: Language): Promise<string[]> {
  const analysis = await analyze(text, { language });
  const errors = analysis.problems.filter((p) => p.severity !== 'info').map((p) => p.message);
  assert.deepEqual(errors, [], text);
  return analysis.graph.nodes.map((n) => n.op);
}

/** Every check, for the op at its default parameter and at `params` (for ops that take one). */
export function checkUnaryOp(op: UnaryOp, params: number[] = []): void {
  const settings: (number | undefined)[] = [undefined, ...params];
  describe(`${op.name}: the agreement checks every elementwise module passes`, () => {
    for (const p of settings) {
      const attrs = p === undefined || !op.param ? {} : { [op.param.name]: p };
      const at = p === undefined ? '' : ` (${op.param?.name} = ${p})`;
      const param = paramOf(op, attrs);

      it(`shape rule = kernels' shape; TensorFlow.js = float64; autodiff = finite differences${at}`, () =>
        checkKernels({ name: op.name, op: op.name, inputs: [inputFor(op, 3, 4)], attrs }));

      it(`the matrix-calculus rule = finite differences of the float64 kernel${at}`, () => {
        const x = new Exprs();
        const a = x.variable('A', [3, 4]);
        const y = x.fn(op.name as UnaryFn, a, op.param ? param : undefined);
        const g = x.variable('G', [3, 4]);
        const da = x.variable('dA', [3, 4]);
        const rule = RULES[y.op];
        assert.ok(rule, `no rule for ${op.name}`);
        const rng = new Rng(op.name.length * 31 + (p ?? 0));
        const av = sample(op, 12, rng);
        const gv = Array.from({ length: 12 }, () => rng.normal());
        const dv = Array.from({ length: 12 }, () => rng.normal());
        const inputs = { A: mat(3, 4, av), G: mat(3, 4, gv), dA: mat(3, 4, dv) };
        const ev = new Evaluator({ symbols: {} });
        const adjointNode = rule.adjoint(x, y, g, 0);
        assert.ok(adjointNode, `${op.name} has no adjoint`);
        const adjoint = ev.run(adjointNode, inputs).data;
        const differential = ev.run(rule.differential(x, y, [da]), inputs).data;
        const derivative = ev.run(x.mul(op.symbolic.derivative(x, y, a), x.ones(3, 4)), inputs).data;
        for (let i = 0; i < 12; i++) {
          const d = slope(op, av[i], param);
          const tol = 1e-6 * Math.max(1, Math.abs(d));
          assert.ok(Math.abs(derivative[i] - d) <= tol, `f′(${av[i]}) = ${derivative[i]}, differences give ${d}`);
          assert.ok(Math.abs(adjoint[i] - gv[i] * d) <= tol * Math.max(1, Math.abs(gv[i])), `adjoint at ${av[i]}`);
          assert.ok(Math.abs(differential[i] - dv[i] * d) <= tol * Math.max(1, Math.abs(dv[i])), `differential at ${av[i]}`);
        }
      });

      it(`the Jacobian rule: diagonal, nonzero exactly where f′ is${at}`, () => {
        const t = new TestGraph();
        const rng = new Rng(op.name.length * 17 + (p ?? 0));
        const values = sample(op, 6, rng);
        const input = t.input('X', [2, 3], values);
        t.op(op.name, [input], attrs, 'F');
        const result = jacobianOf(t.graph, { wrt: 'X', of: 'F', vec: 'row-major' });
        const x = new Exprs();
        const a = x.variable('A', [2, 3]);
        const zero = op.symbolic.derivative(x, x.fn(op.name as UnaryFn, a, op.param ? param : undefined), a).op === 'zeros';
        assert.equal(result.structure, zero ? 'zero' : 'diagonal', result.formula.text);
        // Every numerically nonzero entry lies in the structural pattern, which is the diagonal.
        const structural = new Set(result.pattern?.nonzeros.map(([i, j]) => `${i},${j}`));
        values.forEach((v, i) => {
          if (Math.abs(slope(op, v, param)) > 1e-9) assert.ok(structural.has(`${i},${i}`), `f′(${v}) ≠ 0 outside the pattern`);
        });
        if (!zero) assert.equal(structural.size, values.length);
      });
    }

    it('prints as text, as LaTeX that KaTeX renders, and as NumPy code that parses', async () => {
      const x = new Exprs();
      const a = x.variable('A', [3, 4]);
      const y = x.fn(op.name as UnaryFn, a, op.param ? op.param.default : undefined);
      const d = x.mul(x.variable('G', [3, 4]), op.symbolic.derivative(x, y, a));
      assert.match(toText(y), /A/);
      for (const e of [y, d]) assert.doesNotThrow(() => katex.renderToString(toLatex(e), { throwOnError: true }), toLatex(e));
      const code = toNumpy(d, { wrt: 'A', inputs: [a, x.variable('G', [3, 4])], doc: op.name });
      const program = await parsePython(code);
      assert.deepEqual(program.problems.filter((pr) => pr.code === 'syntax-error'), [], code);
    });

    it('is read from every spelling a module lists', async () => {
      const s = op.spellings;
      for (const spelling of s.python) {
        for (const name of typeof spelling === 'string' ? [spelling] : spelling.names) {
          const { imports, callee } = pythonCall(name);
          assert.ok((await opsIn(`${imports}# X: (3, 4)\ny = ${callee}(X)\n`, 'python')).includes(op.name), name);
        }
      }
      for (const m of s.methods ?? []) assert.ok((await opsIn(`# X: (3, 4)\ny = X.${m}()\n`, 'python')).includes(op.name), `.${m}()`);
      for (const layer of s.layers ?? []) {
        const { imports, callee } = pythonCall(layer.qualified);
        assert.ok((await opsIn(`${imports}# X: (3, 4)\nf = ${callee}()\ny = f(X)\n`, 'python')).includes(op.name), layer.qualified);
      }
      for (const act of s.activations ?? []) {
        assert.ok((await opsIn(`import keras\n# X: (3, 4)\ny = keras.layers.Dense(5, activation='${act}')(X)\n`, 'python')).includes(op.name), `activation='${act}'`);
      }
      for (const name of s.math) assert.ok((await opsIn(`X: 3 x 4\nY = ${name}(X)\n`, 'math')).includes(op.name), `math ${name}`);
      for (const cmd of s.latex ?? []) assert.ok((await opsIn(`$X \\in \\mathbb{R}^{3 \\times 4}$\n\n$$Y = \\${cmd}(X)$$\n`, 'math')).includes(op.name), `\\${cmd}`);
    });
  });
}
