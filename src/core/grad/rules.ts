import { type UnaryOp, unaryTable } from '../ops/index';
import { type Exprs, type Node, type Op, type Shape2, sameShape } from './expr';

/**
 * Matrix-calculus rules, one per op, as data. Each rule gives
 *  - `differential`: dY in terms of the differentials of the arguments (null = constant),
 *    the forward form the printed steps show (the Matrix Cookbook's identities), and
 *  - `adjoint`: the reverse form, the G_X with  G : dY = Σ G_X : dX  (Frobenius product),
 *    which the reverse pass uses.
 * A unit test checks the two agree numerically for every op:  G : dY(dX) = adjoint(G) : dX.
 */
export interface Rule {
  differential(x: Exprs, y: Node, d: readonly (Node | null)[]): Node;
  /** Null when the op cannot be differentiated with respect to argument i. */
  adjoint(x: Exprs, y: Node, g: Node, i: number): Node | null;
  /** A remark shown with the step, e.g. the row-wise softmax Jacobian. */
  note?: { text: string; latex: string };
  /** What the rule takes for granted at node y, listed with the result (`show` prints a node). */
  assumes?(y: Node, show: (n: Node) => string): string;
}

/** Sums G over the axes an operand was broadcast along, back to the operand's shape. */
export function unbroadcast(x: Exprs, g: Node, shape: Shape2): Node {
  if (sameShape(g.shape, shape)) return g;
  if (shape[0] === 1 && shape[1] === 1) return x.sum(g);
  let out = g;
  if (shape[0] === 1 && out.shape[0] !== 1) out = x.matmul(x.ones(1, out.shape[0]), out);
  if (shape[1] === 1 && out.shape[1] !== 1) out = x.matmul(out, x.ones(out.shape[1], 1));
  return out;
}

/** A broadcast operand's differential at the result's shape: a row dv becomes 1·dv. */
function broadcastTo(x: Exprs, d: Node, shape: Shape2): Node {
  if (sameShape(d.shape, shape)) return d;
  if (d.shape[0] === 1 && d.shape[1] === 1) return x.mul(d, x.ones(shape[0], shape[1]));
  return d.shape[0] === 1 ? x.matmul(x.ones(shape[0], 1), d) : x.matmul(d, x.ones(1, shape[1]));
}

/** Σ of the present terms at `shape`; its zero when there are none. */
function total(x: Exprs, terms: (Node | null)[], shape: Shape2): Node {
  const present = terms.filter((t): t is Node => t !== null).map((t) => broadcastTo(x, t, shape));
  if (present.length === 0) return x.zeros(shape);
  return present.reduce((acc, t) => x.add(acc, t));
}

/** f(A) elementwise with derivative f'(A): dY = f'(A) ⊙ dA,  G_A = G ⊙ f'(A). */
const elementwise = (deriv: (x: Exprs, y: Node, a: Node) => Node): Rule => ({
  differential: (x, y, [da]) => (da ? x.mul(deriv(x, y, y.args[0]), da) : x.zeros(y.shape)),
  adjoint: (x, y, g) => x.mul(g, deriv(x, y, y.args[0])),
});

/** An elementwise function's rule, from its module: its own form of G ⊙ f′(A) where it has one. */
function unaryRule(op: UnaryOp): Rule {
  const { derivative, times } = op.symbolic;
  if (!times) return elementwise(derivative);
  return {
    differential: (x, y, [da]) => (da ? times(x, da, y, y.args[0]) : x.zeros(y.shape)),
    adjoint: (x, y, g) => times(x, g, y, y.args[0]),
  };
}

/** Zero almost everywhere (the step): the derivative that backprop uses at the kinks too. */
const flat: Rule = {
  differential: (x, y) => x.zeros(y.shape),
  adjoint: (x, y) => x.zeros(y.args[0].shape),
};

/** A block and its placing in zeros are linear, and each one's adjoint is the other. */
const blockRules = (op: 'block' | 'embed', adjointOp: 'block' | 'embed'): Rule => ({
  differential: (x, y, [da]) => (da ? x[op](da, y.offset as Shape2, y.shape) : x.zeros(y.shape)),
  adjoint: (x, y, g) => x[adjointOp](g, y.offset as Shape2, y.args[0].shape),
});

/** A ⊗ B, with a 1×1 one or identity on either side left out (vectors make them). */
function kronTrimmed(x: Exprs, a: Node, b: Node): Node {
  const unit = (n: Node) => n.shape[0] === 1 && n.shape[1] === 1 && (n.op === 'ones' || n.op === 'eye');
  return unit(a) ? b : unit(b) ? a : x.kron(a, b);
}

const transposeAll = (x: Exprs, ns: readonly Node[]) => ns.map((n) => x.transpose(n)).reverse();

export const RULES: Partial<Record<Op, Rule>> = {
  // d(A₁⋯Aₖ) = Σ A₁⋯dAᵢ⋯Aₖ;   G_Aᵢ = (A₁⋯Aᵢ₋₁)ᵀ · G · (Aᵢ₊₁⋯Aₖ)ᵀ
  matmul: {
    differential: (x, y, d) =>
      total(
        x,
        d.map((di, i) => (di ? x.matmul(...y.args.slice(0, i), di, ...y.args.slice(i + 1)) : null)),
        y.shape,
      ),
    adjoint: (x, y, g, i) => x.matmul(...transposeAll(x, y.args.slice(0, i)), g, ...transposeAll(x, y.args.slice(i + 1))),
  },
  transpose: {
    differential: (x, y, [da]) => (da ? x.transpose(da) : x.zeros(y.shape)),
    adjoint: (x, _y, g) => x.transpose(g),
  },
  // d tr(A) = tr(dA) = I : dA
  trace: {
    differential: (x, y, [da]) => (da ? x.trace(da) : x.zeros(y.shape)),
    adjoint: (x, y, g) => x.mul(g, x.eye(y.args[0].shape[0])),
  },
  // d(A⁻¹) = −A⁻¹·dA·A⁻¹;   G_A = −A⁻ᵀ·G·A⁻ᵀ
  inv: {
    differential: (x, y, [da]) => (da ? x.neg(x.matmul(y, da, y)) : x.zeros(y.shape)),
    adjoint: (x, y, g) => x.neg(x.matmul(x.transpose(y), g, x.transpose(y))),
  },
  // d det(A) = det(A)·tr(A⁻¹·dA);   G_A = G·det(A)·A⁻ᵀ
  det: {
    differential: (x, y, [da]) => (da ? x.mul(y, x.trace(x.matmul(x.inv(y.args[0]), da))) : x.zeros(y.shape)),
    adjoint: (x, y, g) => x.mul(x.mul(g, y), x.transpose(x.inv(y.args[0]))),
  },
  Diag: {
    differential: (x, y, [dv]) => (dv ? x.Diag(dv) : x.zeros(y.shape)),
    adjoint: (x, _y, g) => x.diag(g),
  },
  diag: {
    differential: (x, y, [dm]) => (dm ? x.diag(dm) : x.zeros(y.shape)),
    adjoint: (x, _y, g) => x.Diag(g),
  },
  add: {
    differential: (x, y, [da, db]) => total(x, [da, db], y.shape),
    adjoint: (x, y, g, i) => unbroadcast(x, g, y.args[i].shape),
  },
  sub: {
    differential: (x, y, [da, db]) => total(x, [da, db ? x.neg(db) : null], y.shape),
    adjoint: (x, y, g, i) => unbroadcast(x, i === 0 ? g : x.neg(g), y.args[i].shape),
  },
  neg: {
    differential: (x, y, [da]) => (da ? x.neg(da) : x.zeros(y.shape)),
    adjoint: (x, _y, g) => x.neg(g),
  },
  // d(A ⊙ B) = dA ⊙ B + A ⊙ dB
  mul: {
    differential: (x, y, [da, db]) => {
      const [a, b] = y.args;
      return total(x, [da ? x.mul(da, b) : null, db ? x.mul(a, db) : null], y.shape);
    },
    adjoint: (x, y, g, i) => unbroadcast(x, x.mul(g, y.args[1 - i]), y.args[i].shape),
  },
  // d(A ⊘ B) = dA ⊘ B − A ⊙ dB ⊘ B²
  div: {
    differential: (x, y, [da, db]) => {
      const [a, b] = y.args;
      return total(x, [da ? x.div(da, b) : null, db ? x.neg(x.div(x.mul(a, db), x.pow(b, 2))) : null], y.shape);
    },
    adjoint: (x, y, g, i) => {
      const [a, b] = y.args;
      return unbroadcast(x, i === 0 ? x.div(g, b) : x.neg(x.div(x.mul(g, a), x.pow(b, 2))), y.args[i].shape);
    },
  },
  // d(A^p) = p·A^(p−1) ⊙ dA
  pow: elementwise((x, y, a) => {
    const p = y.value as number;
    return x.mul(x.num(p), p === 2 ? a : x.pow(a, p - 1));
  }),
  ...unaryTable(unaryRule),
  // The Heaviside step only appears in derivatives (relu′); its own derivative is zero almost everywhere.
  step: flat,
  // d sum(A) = sum(dA) = 1·1ᵀ : dA
  sum: {
    differential: (x, y, [da]) => (da ? x.sum(da, y.axis ?? null) : x.zeros(y.shape)),
    adjoint: (x, y, g) => {
      const [r, c] = y.args[0].shape;
      if (y.axis === null || y.axis === undefined) return x.mul(g, x.ones(r, c));
      return y.axis === 0 ? x.matmul(x.ones(r, 1), g) : x.matmul(g, x.ones(1, c));
    },
  },
  // d prod(A) = prod(A) ⊙ sum(dA ⊘ A);   G_A = (G ⊙ prod(A)) ⊘ A, broadcast over the reduced axes
  prod: {
    differential: (x, y, [da]) => (da ? x.mul(y, x.sum(x.div(da, y.args[0]), y.axis ?? null)) : x.zeros(y.shape)),
    adjoint: (x, y, g) => x.div(x.mul(g, y), y.args[0]),
    note: {
      text: 'each entry’s derivative is the product of the others, prod(A) / aᵢ where no aᵢ is 0',
      latex: '\\tfrac{\\partial}{\\partial a_i} \\textstyle\\prod_j a_j = \\prod_{j \\ne i} a_j = \\prod_j a_j / a_i \\text{ where no } a_i = 0',
    },
    assumes: (y, show) => `no entry of ${show(y.args[0])} is 0`,
  },
  // d‖A‖ = (A : dA) / ‖A‖
  norm: {
    differential: (x, y, [da]) => (da ? x.div(x.sum(x.mul(y.args[0], da)), y) : x.zeros(y.shape)),
    adjoint: (x, y, g) => x.mul(x.div(g, y), y.args[0]),
  },
  // Row by row ds = (Diag(s) − s·sᵀ)·dz, i.e. dS = S ⊙ dZ − S ⊙ ((S ⊙ dZ)·1·1ᵀ);
  // G_Z = S ⊙ (G − (G ⊙ S)·1·1ᵀ)
  softmax: {
    differential: (x, y, [dz]) => {
      if (!dz) return x.zeros(y.shape);
      const k = y.shape[1];
      return x.sub(x.mul(y, dz), x.mul(y, x.matmul(x.mul(y, dz), x.ones(k, 1), x.ones(1, k))));
    },
    adjoint: (x, y, g) => {
      const k = y.shape[1];
      return x.mul(y, x.sub(g, x.matmul(x.mul(g, y), x.ones(k, 1), x.ones(1, k))));
    },
    note: {
      text: 'row by row, ds = (Diag(s) − s·sᵀ)·dz: the softmax Jacobian',
      latex: '\\text{row by row } ds = (\\operatorname{Diag}(s) - s s^{\\top})\\,dz',
    },
  },
  // Row by row, with k columns and σ = √(mean((z − mean z)²) + eps), dŷ = (1/σ)(I − 11ᵀ/k − ŷŷᵀ/k)·dz:
  // a symmetric map, so G_Z = (G − mean(G) − Ŷ ⊙ mean(G ⊙ Ŷ)) ⊘ σ, the means along the rows.
  standardize: {
    differential: (x, y, [dz]) => (dz ? standardizeBack(x, y, dz) : x.zeros(y.shape)),
    adjoint: (x, y, g) => standardizeBack(x, y, g),
    note: {
      text: 'row by row, dŷ = (1/σ)(I − 11ᵀ/k − ŷŷᵀ/k)·dz with σ = √(var(z) + eps): the layer-norm Jacobian',
      latex: '\\text{row by row } d\\hat{y} = \\tfrac{1}{\\sigma}(I - \\tfrac{1}{k}\\mathbf{1}\\mathbf{1}^{\\top} - \\tfrac{1}{k}\\hat{y}\\hat{y}^{\\top})\\,dz,\\ \\sigma = \\sqrt{\\operatorname{var}(z) + \\epsilon}',
    },
  },
  // d(A ⊗ B) = dA ⊗ B + A ⊗ dB. G_A pairs each p×q block of G with B: the Hadamard product with
  // 1·1ᵀ ⊗ B, then each block summed by I ⊗ 1ᵀ on the left and I ⊗ 1 on the right (B is p×q).
  kron: {
    differential: (x, y, [da, db]) => {
      const [a, b] = y.args;
      return total(x, [da ? x.kron(da, b) : null, db ? x.kron(a, db) : null], y.shape);
    },
    adjoint: (x, y, g, i) => {
      const [a, b] = y.args;
      const [[m, n], [p, q]] = [a.shape, b.shape];
      const k = (l: Node, r: Node) => kronTrimmed(x, l, r);
      if (i === 0) return x.matmul(k(x.eye(m), x.ones(1, p)), x.mul(g, k(x.ones(m, n), b)), k(x.eye(n), x.ones(q, 1)));
      return x.matmul(k(x.ones(1, m), x.eye(p)), x.mul(g, k(a, x.ones(p, q))), k(x.ones(n, 1), x.eye(q)));
    },
    note: {
      text: 'each block of the gradient G of A ⊗ B is paired with B for A, and weighted by A and summed for B; I ⊗ 1ᵀ and I ⊗ 1 sum within blocks',
      latex: '\\text{each block of the gradient } G \\text{ of } A \\otimes B \\text{ is paired with } B \\text{ for } A \\text{, and weighted by } A \\text{ and summed for } B\\text{; } I \\otimes \\mathbf{1}^{\\top} \\text{ and } I \\otimes \\mathbf{1} \\text{ sum within blocks}',
    },
  },
  block: blockRules('block', 'embed'),
  embed: blockRules('embed', 'block'),
};

/** The row-wise map of standardize's Jacobian applied to T: (T − mean(T) − Ŷ ⊙ mean(T ⊙ Ŷ)) ⊘ σ. */
function standardizeBack(x: Exprs, y: Node, t: Node): Node {
  const z = y.args[0];
  const mean = (a: Node) => x.div(x.sum(a, 1), x.dim(y.shape[1]));
  const std = x.fn('sqrt', x.add(mean(x.pow(x.sub(z, mean(z)), 2)), x.num(y.value as number)));
  return x.div(x.sub(x.sub(t, mean(t)), x.mul(y, mean(x.mul(t, y)))), std);
}

/** Ops the reverse pass cannot go through, with the reason shown to the user. */
export const NOT_DIFFERENTIABLE: Partial<Record<Op, string>> = {
  d: 'a differential is not an expression to differentiate',
};
