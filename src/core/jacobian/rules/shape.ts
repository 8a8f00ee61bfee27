import { type Dim, productOf } from '../../shapes/dim';
import { sym } from '../formula';
import { identityP } from '../print';
import { formatSize } from '../sizes';
import { delta, type Ix, type SupportFn, term } from '../term';
import type { JacobianRule, RuleContext } from './types';

/**
 * Shape ops move elements without changing them. NumPy reshapes in row-major order, so
 * a reshape is the identity in row-major vec and a permutation in column-major vec —
 * unless only size-1 axes come and go, when it is the identity in both.
 */

/** The axes of size > 1, in order: if these agree, vec is unchanged in either order. */
function nonUnit(ix: readonly (Ix | null)[]): Ix[] {
  return ix.filter((x): x is Ix => x !== null);
}

function sameNonUnit(ctx: RuleContext): boolean {
  const a = ctx.shapes[0].filter((d) => d !== 1);
  const b = ctx.node.shape.filter((d) => d !== 1);
  return a.length === b.length && a.every((d, k) => d === b[k]);
}

const rowMajorPosition = (m: readonly number[], shape: readonly number[]) => m.reduce((p, v, k) => p * shape[k] + v, 0);

function unravel(flat: number, shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  for (let k = shape.length - 1; k >= 0; k--) {
    out[k] = flat % shape[k];
    flat = Math.floor(flat / shape[k]);
  }
  return out;
}

function reshapeWrt(ctx: RuleContext) {
  const outs = nonUnit(ctx.out);
  const ins = nonUnit(ctx.in[0]);
  if (sameNonUnit(ctx)) return [term(outs.flatMap((o, k) => delta(o, ins[k])))];
  const outShape = ctx.node.shape;
  const inShape = ctx.shapes[0];
  const support: SupportFn = (o, size) => [unravel(rowMajorPosition(o, outShape.map(size)), inShape.map(size))];
  return [term([{ kind: 'explicit', out: [...ctx.out], in: [...ctx.in[0]], outShape: [...outShape], inShape: [...inShape], support, label: { text: `reshape ${outShape.join('×')}`, latex: 'reshape' } }])];
}

const size = (shape: readonly Dim[]) => formatSize(productOf(shape));

export const SHAPE_RULES: Record<string, JacobianRule> = {
  reshape: {
    wrt: reshapeWrt,
    explicit: (ctx, _k, vec) =>
      vec === 'row-major'
        ? { structure: 'diagonal', formula: identityP(size(ctx.node.shape)) }
        : { structure: 'permutation', formula: sym('P_reshape', '\\Pi_{\\mathrm{reshape}}') },
  },
  flatten: {
    wrt: reshapeWrt,
    explicit: (ctx, _k, vec) =>
      vec === 'row-major'
        ? { structure: 'diagonal', formula: identityP(size(ctx.node.shape)) }
        : { structure: 'permutation', formula: sym('P_flatten', '\\Pi_{\\mathrm{flatten}}') },
  },
  expand_dims: { wrt: reshapeWrt },
  squeeze: { wrt: reshapeWrt },
  // concat along axis a: piece k lands at an offset along a; the other axes are tied.
  concat: {
    wrt: (ctx, k) => {
      const rank = ctx.node.shape.length;
      const raw = typeof ctx.node.attrs.axis === 'number' ? ctx.node.attrs.axis : 0;
      const a = raw < 0 ? raw + rank : raw;
      const before = ctx.shapes.slice(0, k).map((s) => s[a]);
      const len = ctx.shapes[k][a];
      const support: SupportFn = (o, sz) => {
        const offset = before.reduce<number>((p, d) => p + sz(d), 0);
        const at = o[a] - offset;
        return at >= 0 && at < sz(len) ? [o.map((v, j) => (j === a ? at : v))] : [];
      };
      return [term([{ kind: 'explicit', out: [...ctx.out], in: [...ctx.in[k]], outShape: [...ctx.node.shape], inShape: [...ctx.shapes[k]], support, label: { text: `concat piece ${k}`, latex: `\\mathrm{concat}_{${k}}` } }])];
    },
    explicit: (_ctx, k) => ({ structure: 'sparse', formula: sym(`E_${k}`, `E_{${k}}`) }),
  },
};
