import type { Dim } from '../../shapes/dim';
import { sym, transpose } from '../formula';
import { formatSize } from '../sizes';
import { delta, type Factor, type Ix, node, tensor, term } from '../term';
import { aligned, expr, type JacobianRule, type RuleContext } from './types';

/**
 * Linear algebra. For Y = AB (batched as NumPy):
 *   ∂Y/∂A = δ(batch) · δ(row of Y, row of A) · B[k, col of Y]   (column-major: Bᵀ ⊗ I, row-major: I ⊗ Bᵀ)
 *   ∂Y/∂B = δ(batch) · δ(col of Y, col of B) · A[row of Y, k]   (column-major: I ⊗ A, row-major: A ⊗ I)
 * 1-D operands are promoted as NumPy does and the added axis dropped.
 */

interface MatmulAxes {
  batch: (Ix | null)[];
  row: Ix | null;
  col: Ix | null;
}

/** The output's batch, row and column indices (row/col null when that operand was 1-D or has size 1). */
function outputAxes(ctx: RuleContext): MatmulAxes {
  const [a, b] = ctx.shapes;
  const aVec = a.length === 1;
  const bVec = b.length === 1;
  const out = ctx.out;
  const batchLen = out.length - (aVec ? 0 : 1) - (bVec ? 0 : 1);
  return { batch: out.slice(0, batchLen), row: aVec ? null : out[batchLen], col: bVec ? null : out[out.length - 1] };
}

/** δ between the output's batch axes and an operand's (broadcast axes of size 1 carry none). */
function batchDeltas(o: MatmulAxes, shape: readonly Dim[], ix: readonly (Ix | null)[], matrixAxes: number): Factor[] {
  const own = ix.slice(0, ix.length - matrixAxes);
  const offset = o.batch.length - own.length;
  return own.flatMap((x, j) => delta(o.batch[j + offset] ?? null, shape[j] === 1 ? null : x));
}

function matmulWrt(ctx: RuleContext, k: number) {
  const [aShape, bShape] = ctx.shapes;
  const [aId, bId] = ctx.node.inputs;
  const o = outputAxes(ctx);
  if (k === 0) {
    const ix = ctx.in[0];
    const aVec = aShape.length === 1;
    const inner = ix[ix.length - 1];
    const rowDelta = aVec ? [] : delta(o.row, ix[ix.length - 2]);
    // B indexed as B[batch…, inner, col]: its batch axes follow the output's, broadcast where B has size 1.
    const bAt = bShape.length === 1 ? [inner] : [...aligned(o.batch, bShape.slice(0, -2)), inner, o.col];
    return [term([...batchDeltas(o, aShape, ix, aVec ? 1 : 2), ...rowDelta, ...tensor(node(bId), bAt)])];
  }
  const ix = ctx.in[1];
  const bVec = bShape.length === 1;
  const inner = bVec ? ix[0] : ix[ix.length - 2];
  const colDelta = bVec ? [] : delta(o.col, ix[ix.length - 1]);
  const aAt = aShape.length === 1 ? [inner] : [...aligned(o.batch, aShape.slice(0, -2)), o.row, inner];
  return [term([...batchDeltas(o, bShape, ix, bVec ? 1 : 2), ...colDelta, ...tensor(node(aId), aAt)])];
}

export const LINALG_RULES: Record<string, JacobianRule> = {
  matmul: { wrt: matmulWrt },
  // Y = Xᵀ (or a permutation of axes): each output axis is tied to the input axis it came from.
  transpose: {
    wrt: (ctx) => {
      const rank = ctx.shapes[0].length;
      const perm = (ctx.node.attrs.perm as number[] | null | undefined) ?? [...Array(rank).keys()].reverse();
      return [term(perm.flatMap((p, j) => delta(ctx.out[j], ctx.in[0][p < 0 ? p + rank : p])))];
    },
  },
  // outer(a, b) = a bᵀ for vectors.
  outer: {
    wrt: (ctx, k) => {
      if (ctx.shapes.some((s) => s.length !== 1)) return 'unsupported';
      const [a, b] = ctx.node.inputs;
      return k === 0 ? [term([...delta(ctx.out[0], ctx.in[0][0]), ...tensor(node(b), [ctx.out[1]])])] : [term([...delta(ctx.out[1], ctx.in[1][0]), ...tensor(node(a), [ctx.out[0]])])];
    },
  },
  // d(X⁻¹) = −X⁻¹ dX X⁻¹: ∂Y[a,b]/∂X[c,d] = −Y[a,c]·Y[d,b] (column-major −Yᵀ ⊗ Y).
  inv: {
    wrt: (ctx) => {
      if (ctx.shapes[0].length !== 2) return 'unsupported';
      const [o0, o1] = ctx.out;
      const [i0, i1] = ctx.in[0];
      const y = ctx.node.id;
      return [term([...tensor(node(y), [o0, i0]), ...tensor(node(y), [i1, o1])], -1)];
    },
  },
  // ∂det X/∂X = det(X)·X⁻ᵀ, ∂logdet X/∂X = X⁻ᵀ: one dense row.
  det: { wrt: (ctx) => inverseTranspose(ctx, true) },
  logdet: { wrt: (ctx) => inverseTranspose(ctx, false) },
  // Vector → diagonal matrix, or square matrix → its diagonal: a selection.
  diag: {
    wrt: (ctx) => {
      const s = ctx.shapes[0];
      if (s.length === 1) return [term([...delta(ctx.out[0], ctx.in[0][0]), ...delta(ctx.out[1], ctx.in[0][0])])];
      if (s.length === 2 && s[0] === s[1]) return [term([...delta(ctx.out[0], ctx.in[0][0]), ...delta(ctx.out[0], ctx.in[0][1])])];
      return 'unsupported';
    },
    // vec Diag(x) = Σᵢ (eᵢ ⊗ eᵢ) eᵢᵀ x; diag(X) selects the same entries back.
    explicit: (ctx) => (ctx.shapes[0].length === 1 ? { structure: 'sparse', formula: sym('Σᵢ (eᵢ ⊗ eᵢ)eᵢᵀ', '\\sum_i (e_i \\otimes e_i) e_i^\\top') } : { structure: 'sparse', formula: sym('Σᵢ eᵢ(eᵢ ⊗ eᵢ)ᵀ', '\\sum_i e_i (e_i \\otimes e_i)^\\top') }),
  },
};

function inverseTranspose(ctx: RuleContext, withDet: boolean) {
  if (ctx.shapes[0].length !== 2) return 'unsupported' as const;
  const x = ctx.node.inputs[0];
  const text = withDet ? `det({n:${x}}) {n:${x}}⁻ᵀ` : `{n:${x}}⁻ᵀ`;
  const latex = withDet ? `\\det({n:${x}})\\,{n:${x}}^{-\\top}` : `{n:${x}}^{-\\top}`;
  return [term(tensor(expr(x, withDet ? 'det′' : 'logdet′', text, latex), [...ctx.in[0]]))];
}
