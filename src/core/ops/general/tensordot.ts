import { formatDim, formatShape } from '../../shapes/dim';
import { fail, normAxis, type ShapeRule } from '../../shapes/rules/types';
import { type OpModule, opModule } from '../op';
import { type Contraction, contractF64, contractionExpr, contractionJacobian, contractionShape, contractTf } from './contraction';

/**
 * The axes a call contracts, as pairs (axis of a, axis of b): an int n pairs a's last n
 * axes with b's first n; a pair of lists (or of ints) pairs them in order. A string says
 * why they do not fit the operands' ranks.
 */
export function contractedAxes(axes: unknown, rankA: number, rankB: number): [number, number][] | string {
  if (typeof axes === 'number') {
    if (!Number.isInteger(axes) || axes < 0 || axes > rankA || axes > rankB) return `axes=${axes} needs operands of at least ${axes} dimensions (they have ${rankA} and ${rankB})`;
    return Array.from({ length: axes }, (_, i) => [rankA - axes + i, i]);
  }
  if (!Array.isArray(axes) || axes.length !== 2) return 'axes must be an int or a pair of axis lists';
  const [as, bs] = axes.map((side) => (Array.isArray(side) ? side : [side]));
  if (as.length !== bs.length) return `axes pairs ${as.length} ${as.length === 1 ? 'axis' : 'axes'} of the first operand with ${bs.length} of the second`;
  const pairs: [number, number][] = [];
  for (let i = 0; i < as.length; i++) {
    const a = typeof as[i] === 'number' ? normAxis(as[i], rankA) : null;
    const b = typeof bs[i] === 'number' ? normAxis(bs[i], rankB) : null;
    if (a === null || b === null) return `axes ${String(as[i])} and ${String(bs[i])} are out of range for operands of ${rankA} and ${rankB} dimensions`;
    if (pairs.some(([x, y]) => x === a || y === b)) return 'axes names an axis twice';
    pairs.push([a, b]);
  }
  return pairs;
}

/** tensordot as a contraction: a's free axes, then b's, each contracted pair sharing a label. */
function asContraction(pairs: readonly [number, number][], rankA: number, rankB: number): Contraction {
  const a = Array.from({ length: rankA }, (_, i) => `a${i}`);
  const b = Array.from({ length: rankB }, (_, j) => `b${j}`);
  for (const [i, j] of pairs) b[j] = a[i];
  const contracted = new Set(pairs.flatMap(([i]) => [a[i]]));
  return { operands: [a, b], output: [...a.filter((l) => !contracted.has(l)), ...b.filter((l) => !contracted.has(l))] };
}

function contraction(attrs: Readonly<Record<string, unknown>>, rankA: number, rankB: number): Contraction {
  const pairs = contractedAxes(attrs.axes, rankA, rankB);
  if (typeof pairs === 'string') throw new Error(`tensordot: ${pairs}`);
  return asContraction(pairs, rankA, rankB);
}

const tensordotShape: ShapeRule = ([a, b], attrs, ctx) => {
  const pairs = contractedAxes(attrs.axes, a.shape.length, b.shape.length);
  if (typeof pairs === 'string') return fail(pairs, [0, 1]);
  // Contracted sizes must be equal (no broadcasting, unlike einsum).
  for (const [i, j] of pairs) {
    const [m, n] = [a.shape[i], b.shape[j]];
    if (!ctx.bindings.same(m, n)) return fail(`axis ${i} of the first operand ${formatShape(a.shape)} is ${formatDim(m)} but axis ${j} of the second ${formatShape(b.shape)} is ${formatDim(n)}`, [0, 1], { code: 'shape-mismatch' });
  }
  return contractionShape(asContraction(pairs, a.shape.length, b.shape.length), [a, b], ctx, 'tensordot', (l) => `axis ${l.slice(1)} of ${l[0]}`);
};

export const tensordot: OpModule<'tensordot'> = opModule('tensordot', {
  doc: 'tensordot(a, b, axes=2) — a and b summed over paired axes (an int n: the last n of a with the first n of b); a’s free axes, then b’s',
  signature: { params: ['a', 'b', 'axes'], tensors: 2, shape: tensordotShape, defaults: { axes: 2 } },
  f64: ([a, b], ctx) => contractF64(contraction(ctx.node.attrs, a.shape.length, b.shape.length), [a, b]),
  tfjs: ([a, b], ctx) => contractTf(ctx.tf, contraction(ctx.node.attrs, a.shape.length, b.shape.length), [a, b]),
  jacobian: {
    wrt: (ctx, k) => contractionJacobian(contraction(ctx.node.attrs, ctx.shapes[0].length, ctx.shapes[1].length), ctx, k),
  },
  symbolic: {
    read: (x, node, input, { inputNode: operand }) => {
      const [rankA, rankB] = [operand(0).shape.length, operand(1).shape.length];
      return contractionExpr(x, contraction(node.attrs, rankA, rankB), [input(0), input(1)], 'tensordot');
    },
  },
  kinks: null,
  spellings: {
    python: [
      { names: ['numpy.tensordot', 'tensorflow.tensordot', 'tensorflow.linalg.tensordot'], params: 'a, b, axes=' },
      { names: ['torch.tensordot'], params: 'a, b, dims=axes' },
    ],
  },
});
