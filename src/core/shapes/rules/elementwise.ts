import { broadcastShapes } from '../broadcast';
import { type Dim, formatDim, formatShape } from '../dim';
import { fail, type ShapeRule } from './types';

export const sameShape: ShapeRule = ([x]) => ({ shape: [...x.shape], dtype: x.dtype === 'bool' ? 'float' : x.dtype });

export const floatSameShape: ShapeRule = ([x]) => ({ shape: [...x.shape], dtype: 'float' });

function broadcastRule(dtype: 'float' | 'bool' | 'keep'): ShapeRule {
  return ([a, b], _attrs, ctx) => {
    const r = broadcastShapes(a.shape, b.shape, ctx.bindings);
    if ('shape' in r) {
      const out = dtype === 'keep' ? (a.dtype === 'int' && b.dtype === 'int' ? 'int' : 'float') : dtype;
      return { shape: r.shape, dtype: out, warning: outerBroadcast(a.shape, b.shape) };
    }
    return fail(`shapes do not broadcast — axis ${r.axis} has ${formatDim(r.a)} against ${formatDim(r.b)}`, [0, 1], {
      partial: a.shape.length >= b.shape.length ? a.shape : b.shape,
    });
  };
}

export const arithmetic = broadcastRule('keep');
export const floatBinary = broadcastRule('float');
export const comparison = broadcastRule('bool');

export const where: ShapeRule = ([c, a, b], attrs, ctx) => {
  const ab = arithmetic([a, b], attrs, ctx);
  if ('error' in ab) return fail(ab.error, [1, 2]);
  const r = broadcastShapes(c.shape, ab.shape, ctx.bindings);
  if (!('shape' in r)) return fail(`the condition does not broadcast against the values — ${formatDim(r.a)} against ${formatDim(r.b)}`, [0, 1]);
  return { shape: r.shape, dtype: ab.dtype };
};

/**
 * A column (k, 1) meeting a vector (k,) broadcasts to (k, k): NumPy allows it, and it is
 * the classic silent bug of `y_hat - y` with a (N, 1) prediction and (N,) labels.
 */
function outerBroadcast(a: readonly Dim[], b: readonly Dim[]): string | undefined {
  const [col, vec] = a.length === 2 && b.length === 1 ? [a, b] : b.length === 2 && a.length === 1 ? [b, a] : [null, null];
  if (!col || !vec || col[1] !== 1 || col[0] === 1 || col[0] !== vec[0]) return undefined;
  return `${formatShape(col)} and ${formatShape(vec)} broadcast to (${formatDim(col[0])}, ${formatDim(col[0])}), not ${formatShape(col)}: reshape one of them`;
}
