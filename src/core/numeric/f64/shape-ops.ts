import { type F64Tensor, normAxis, sizeOf } from '../tensor';
import type { KernelContext, KernelTable } from './types';

/** The traced shape, unless a symbol took a default that does not fit: then `-1` is inferred again. */
function reshape([x]: F64Tensor[], ctx: KernelContext): F64Tensor {
  let shape = ctx.shape;
  if (sizeOf(shape) !== x.data.length) {
    const raw = Array.isArray(ctx.node.attrs.shape) ? (ctx.node.attrs.shape as (number | string)[]) : [];
    const dims = raw.map((d) => (d === -1 ? -1 : ctx.env.dim(d)));
    const known = dims.filter((d) => d !== -1).reduce((p, d) => p * d, 1);
    shape = dims.map((d) => (d === -1 ? x.data.length / known : d));
    if (!shape.every(Number.isInteger) || sizeOf(shape) !== x.data.length) throw new Error(`cannot reshape (${x.shape.join(', ')}) into (${raw.join(', ')})`);
  }
  return { shape: [...shape], data: x.data };
}

function flatten([x]: F64Tensor[], ctx: KernelContext): F64Tensor {
  const rank = x.shape.length;
  if (rank === 0) return { shape: [1], data: x.data };
  const start = normAxis(typeof ctx.node.attrs.start_dim === 'number' ? ctx.node.attrs.start_dim : 1, rank);
  const end = normAxis(typeof ctx.node.attrs.end_dim === 'number' ? ctx.node.attrs.end_dim : -1, rank);
  return { shape: [...x.shape.slice(0, start), sizeOf(x.shape.slice(start, end + 1)), ...x.shape.slice(end + 1)], data: x.data };
}

function expandDims([x]: F64Tensor[], ctx: KernelContext): F64Tensor {
  const axis = normAxis(typeof ctx.node.attrs.axis === 'number' ? ctx.node.attrs.axis : 0, x.shape.length + 1);
  const shape = [...x.shape];
  shape.splice(axis, 0, 1);
  return { shape, data: x.data };
}

function squeeze([x]: F64Tensor[], ctx: KernelContext): F64Tensor {
  const a = ctx.node.attrs.axis;
  if (typeof a === 'number') {
    const axis = normAxis(a, x.shape.length);
    if (x.shape[axis] !== 1) throw new Error(`cannot squeeze axis ${a} of size ${x.shape[axis]}`);
    return { shape: x.shape.filter((_, i) => i !== axis), data: x.data };
  }
  return { shape: x.shape.filter((d) => d !== 1), data: x.data };
}

function concat(inputs: F64Tensor[], ctx: KernelContext): F64Tensor {
  const first = inputs[0];
  const axis = normAxis(typeof ctx.node.attrs.axis === 'number' ? ctx.node.attrs.axis : 0, first.shape.length);
  const outer = sizeOf(first.shape.slice(0, axis));
  const inner = sizeOf(first.shape.slice(axis + 1));
  for (const t of inputs) {
    if (t.shape.length !== first.shape.length || t.shape.some((d, i) => i !== axis && d !== first.shape[i])) throw new Error('concat: the operands differ in shape off the axis');
  }
  const total = inputs.reduce((s, t) => s + t.shape[axis], 0);
  const data = new Float64Array(outer * total * inner);
  let at = 0;
  for (const t of inputs) {
    const rows = t.shape[axis] * inner;
    for (let o = 0; o < outer; o++) data.set(t.data.subarray(o * rows, (o + 1) * rows), o * total * inner + at);
    at += rows;
  }
  const shape = [...first.shape];
  shape[axis] = total;
  return { shape, data };
}

/** Views share their data: kernels never write into an input, so no copy is needed. */
export const SHAPE_OPS: KernelTable = {
  reshape,
  flatten,
  expand_dims: expandDims,
  squeeze,
  concat,
};
