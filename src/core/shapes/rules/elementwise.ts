import { broadcastShapes } from '../broadcast';
import { formatDim } from '../dim';
import { fail, type ShapeRule } from './types';

export const sameShape: ShapeRule = ([x]) => ({ shape: [...x.shape], dtype: x.dtype === 'bool' ? 'float' : x.dtype });

export const floatSameShape: ShapeRule = ([x]) => ({ shape: [...x.shape], dtype: 'float' });

function broadcastRule(dtype: 'float' | 'bool' | 'keep'): ShapeRule {
  return ([a, b], _attrs, ctx) => {
    const r = broadcastShapes(a.shape, b.shape, ctx.bindings);
    if ('shape' in r) {
      const out = dtype === 'keep' ? (a.dtype === 'int' && b.dtype === 'int' ? 'int' : 'float') : dtype;
      return { shape: r.shape, dtype: out };
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
