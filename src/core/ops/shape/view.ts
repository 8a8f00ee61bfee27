import type { RuleContext } from '../../jacobian/rules/types';
import type { Dim } from '../../shapes/dim';
import type { OpModule } from '../op';
import { unravel } from '../../jacobian/pattern';
import { delta, type Ix, type SupportFn, term } from '../../jacobian/term';

/**
 * What the ops that only view their input under another shape (reshape, flatten,
 * expand_dims, squeeze) share. NumPy reshapes in row-major order, so such a view is the
 * identity in row-major vec and a permutation in column-major vec — unless only size-1
 * axes come and go, when it is the identity in both.
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

/** The Jacobian of a view: output element ↔ the input element at the same row-major position. */
export function viewWrt(ctx: RuleContext) {
  const outs = nonUnit(ctx.out);
  const ins = nonUnit(ctx.in[0]);
  if (sameNonUnit(ctx)) return [term(outs.flatMap((o, k) => delta(o, ins[k])))];
  const outShape = ctx.node.shape;
  const inShape = ctx.shapes[0];
  const support: SupportFn = (o, size) => [unravel(rowMajorPosition(o, outShape.map(size)), inShape.map(size))];
  return [term([{ kind: 'explicit', out: [...ctx.out], in: [...ctx.in[0]], outShape: [...outShape], inShape: [...inShape], support, label: { text: `reshape ${outShape.join('×')}`, latex: 'reshape' } }])];
}

/** Why Derive Gradient does not read a view that moves entries between rows and columns. */
export const VIEW_UNSUPPORTED = 'changing the shape of a value is outside the matrix calculus here; Check Gradients differentiates it numerically';

/** A shape as Derive Gradient sees it: a vector is a column, a 0-d value is 1×1; null above two axes. */
function asMatrix(shape: readonly Dim[]): readonly [Dim, Dim] | null {
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [shape[0], 1];
  return shape.length === 2 ? [shape[0], shape[1]] : null;
}

/**
 * A view read as a matrix expression: where the input and the output are the same matrix
 * (a column flattened, a 1×1 squeezed) it is the input itself, and a row vector viewed as a
 * column (or back) is its transpose. Other views move entries between rows and columns.
 */
export const viewSymbolic: OpModule['symbolic'] = {
  read: (x, node, input, cx) => {
    const a = asMatrix(cx.inputNode(0).shape);
    const b = asMatrix(node.shape);
    if (a && b && a[0] === b[0] && a[1] === b[1]) return input(0);
    const vector = a && b && ((a[0] === 1 && b[1] === 1) || (a[1] === 1 && b[0] === 1));
    if (a && b && vector && a[0] === b[1] && a[1] === b[0]) return x.transpose(input(0));
    return cx.unsupported(`\`${node.op}\``, VIEW_UNSUPPORTED);
  },
};
