import { fail, normAxis, type ShapeRule } from './types';

/** Reductions: `axis` absent/null reduces everything; a list reduces several axes. */
function reduceRule(dtype: 'float' | 'int' | 'keep'): ShapeRule {
  return ([x], attrs) => {
    const rank = x.shape.length;
    const keep = attrs.keepdims === true;
    const raw = attrs.axis;
    const list = raw === undefined || raw === null ? x.shape.map((_, i) => i) : Array.isArray(raw) ? (raw as number[]) : [raw as number];
    const axes = new Set<number>();
    for (const a of list) {
      const n = typeof a === 'number' ? normAxis(a, rank) : null;
      if (n === null) return fail(`axis ${String(a)} is out of range for a rank-${rank} operand`, [0], { partial: [] });
      axes.add(n);
    }
    const shape = keep ? x.shape.map((d, i) => (axes.has(i) ? 1 : d)) : x.shape.filter((_, i) => !axes.has(i));
    return { shape, dtype: dtype === 'keep' ? (x.dtype === 'bool' ? 'int' : x.dtype) : dtype };
  };
}

export const reduce = reduceRule('keep');
export const reduceFloat = reduceRule('float');
export const argReduce = reduceRule('int');

export const softmaxLike: ShapeRule = ([x], attrs) => {
  const axis = typeof attrs.axis === 'number' ? attrs.axis : -1;
  if (x.shape.length === 0 || normAxis(axis, x.shape.length) === null) return fail(`axis ${axis} is out of range for a rank-${x.shape.length} operand`, [0], { partial: x.shape });
  return { shape: [...x.shape], dtype: 'float' };
};
