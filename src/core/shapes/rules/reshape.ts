import { addDims, compareDims, type Dim, divDims, dimSymbols, floorDivDims, formatDim, formatShape, productOf } from '../dim';
import { fail, normAxis, type ShapeRule } from './types';

function sizeNote(shape: readonly Dim[]): string {
  return `${shape.map(formatDim).join('·')} = ${formatDim(productOf(shape))}`;
}

/**
 * reshape/view: one -1 is inferred, symbolically when the batch is a symbol. Element
 * counts that agree only for some values of the symbols (`(B, T, C)` into
 * `(B, T, 4, C//4)` needs C a multiple of 4) give the shape with the condition noted.
 */
export const reshape: ShapeRule = ([x], attrs, ctx) => {
  const target = (attrs.shape as Dim[] | undefined) ?? [];
  const total = ctx.bindings.resolve(productOf(x.shape));
  const holes = target.filter((d) => d === -1).length;
  if (holes > 1) return fail('reshape: only one dimension can be -1', [0]);
  const known = productOf(target.filter((d) => d !== -1));
  if (holes === 0) {
    if (!hasUnknown(total) && !hasUnknown(known) && !ctx.bindings.same(total, ctx.bindings.resolve(known))) {
      return fail(`cannot reshape ${formatShape(x.shape)} (${formatDim(total)} elements) into ${formatShape(target)} (${formatDim(known)} elements)`, [0], { partial: target, code: 'reshape-size' });
    }
    return { shape: [...target], dtype: x.dtype };
  }
  const inferred = divDims(total, known) ?? conditionalQuotient(total, known, ctx.bindings.assume.bind(ctx.bindings));
  const shape = target.map((d) => (d === -1 ? (inferred ?? '?') : d));
  if (inferred === null) {
    return fail(`cannot reshape ${formatShape(x.shape)} into ${formatShape(target.map((d) => (d === -1 ? '-1' : d)))}: ${formatDim(total)} elements are not a multiple of ${formatDim(known)}`, [0], { partial: shape, code: 'reshape-size' });
  }
  // A -1 that absorbs part of the features changes the batch size without an error at run time.
  const batch = x.shape[0];
  const firstIsHole = target[0] === -1;
  // Not for an unknown batch (`?`, after a layer whose input was not known): nothing says it changed.
  if (firstIsHole && typeof batch === 'string' && !hasUnknown(batch) && inferred !== batch && dimSymbols(inferred).includes(batch)) {
    return fail(`the -1 becomes ${formatDim(inferred)}, not the batch size ${formatDim(batch)}: ${formatDim(total)} elements per batch do not fill rows of ${formatDim(known)} (${sizeNote(x.shape.slice(1))} features per sample)`, [0], { partial: shape, code: 'batch-changed' });
  }
  return { shape, dtype: x.dtype, note: sizeNote(x.shape.slice(1)) };
};

function hasUnknown(d: Dim): boolean {
  return typeof d === 'string' && d.includes('?');
}

/**
 * The -1 of a reshape whose sizes divide only for some values of the symbols: the floor
 * quotient, when multiplying it back gives the total under a condition (noted), else null.
 * Rows of a known size that do not divide the elements (1568·N into rows of 3136) are the
 * classic mistake of a wrong feature count, not a condition on N.
 */
function conditionalQuotient(total: Dim, known: Dim, assume: (condition: string) => void): Dim | null {
  if (typeof known === 'number' || hasUnknown(total) || hasUnknown(known)) return null;
  const q = floorDivDims(total, known);
  if (q === null) return null;
  const c = compareDims(productOf([q, known]), total);
  if (c.kind === 'equal') return q;
  if (c.kind === 'conditional') {
    assume(c.condition);
    return q;
  }
  if (c.kind !== 'unknown') return null;
  assume(`${formatDim(known)} divides ${formatDim(total)}`);
  return q;
}

/** flatten(start_dim, end_dim): merges the axes in between, noting how the size came about. */
export const flatten: ShapeRule = ([x], attrs) => {
  const rank = x.shape.length;
  if (rank === 0) return { shape: [1], dtype: x.dtype };
  const start = normAxis(typeof attrs.start_dim === 'number' ? attrs.start_dim : 1, rank);
  const end = normAxis(typeof attrs.end_dim === 'number' ? attrs.end_dim : -1, rank);
  if (start === null || end === null || end < start) return fail(`flatten: dims out of range for a rank-${rank} operand`, [0]);
  const merged = x.shape.slice(start, end + 1);
  const shape = [...x.shape.slice(0, start), productOf(merged), ...x.shape.slice(end + 1)];
  return { shape, dtype: x.dtype, note: sizeNote(merged) };
};

export const expandDims: ShapeRule = ([x], attrs) => {
  const rank = x.shape.length + 1;
  const axis = normAxis(typeof attrs.axis === 'number' ? attrs.axis : 0, rank);
  if (axis === null) return fail(`axis ${String(attrs.axis)} is out of range`, [0]);
  const shape = [...x.shape];
  shape.splice(axis, 0, 1);
  return { shape, dtype: x.dtype };
};

export const squeeze: ShapeRule = ([x], attrs) => {
  if (typeof attrs.axis === 'number') {
    const axis = normAxis(attrs.axis, x.shape.length);
    if (axis === null) return fail(`axis ${attrs.axis} is out of range`, [0]);
    if (x.shape[axis] !== 1) return fail(`cannot squeeze axis ${attrs.axis} of size ${formatDim(x.shape[axis])}`, [0], { partial: x.shape });
    return { shape: x.shape.filter((_, i) => i !== axis), dtype: x.dtype };
  }
  return { shape: x.shape.filter((d) => d !== 1), dtype: x.dtype };
};

export const concat: ShapeRule = (inputs, attrs, ctx) => {
  if (inputs.length === 0) return fail('concat of nothing', []);
  const rank = inputs[0].shape.length;
  const axis = normAxis(typeof attrs.axis === 'number' ? attrs.axis : 0, rank);
  if (axis === null) return fail(`axis ${String(attrs.axis)} is out of range`, [0]);
  const shape = [...inputs[0].shape];
  for (let k = 1; k < inputs.length; k++) {
    const s = inputs[k].shape;
    if (s.length !== rank) return fail('concat: operands differ in rank', [0, k]);
    for (let i = 0; i < rank; i++) {
      if (i === axis) shape[i] = hasUnknown(shape[i]) || hasUnknown(s[i]) ? '?' : addDims(shape[i], s[i]);
      else if (!ctx.bindings.same(shape[i], s[i])) return fail(`concat: axis ${i} differs (${formatDim(shape[i])} vs ${formatDim(s[i])})`, [0, k]);
    }
  }
  return { shape, dtype: inputs[0].dtype };
};
