import type { OpSpec } from '../../ir/op-spec';
import type { TensorInfo } from '../../shapes/rules/types';
import { type OpModule, opModule } from '../op';
import { type Layout, readStandardize, standardizeF64, standardizeJacobian, standardizeShape, standardizeTf } from './standardize';

/**
 * Layer normalisation: each sample standardised over its last axes, those of
 * `normalized` (PyTorch's normalized_shape: its sizes, or one size for one axis), then
 * weight ⊙ · + bias with weight and bias of those sizes.
 */

/** How many trailing axes `normalized` names: its length, or one for a single size. */
const countOf = (attrs: Readonly<Record<string, unknown>>): number => (Array.isArray(attrs.normalized) ? attrs.normalized.length : 1);

export function layerNormLayout(attrs: Readonly<Record<string, unknown>>, rank: number): Layout {
  const count = Math.min(countOf(attrs), rank);
  const axes = Array.from({ length: count }, (_, k) => rank - count + k);
  return { reduced: axes, affine: axes };
}

/** normalized_shape must be the operand's trailing sizes. */
function check(x: TensorInfo, attrs: Readonly<Record<string, unknown>>): string | null {
  const given = attrs.normalized;
  const sizes = Array.isArray(given) ? given : given === null || given === undefined ? null : [given];
  if (x.shape.length < countOf(attrs)) return `normalized_shape names ${countOf(attrs)} axes of a rank-${x.shape.length} operand`;
  const trailing = x.shape.slice(x.shape.length - countOf(attrs));
  if (sizes && sizes.some((d, j) => typeof d === 'number' && typeof trailing[j] === 'number' && d !== trailing[j])) return `normalized_shape (${sizes.join(', ')}) is not its trailing sizes`;
  return null;
}

const signature: OpSpec = { params: ['x', 'weight', 'bias', 'normalized', 'eps'], tensors: 3, shape: standardizeShape('layer_norm', layerNormLayout, check), defaults: { normalized: null, eps: 1e-5 } };

export const layer_norm: OpModule<'layer_norm'> = opModule('layer_norm', {
  doc: 'layer_norm(x, weight, bias, normalized=None, eps=1e-5) — (x − mean) / √(var + eps) ⊙ weight + bias over the last axes (those of normalized_shape; the last one when None), the biased variance',
  signature,
  f64: standardizeF64(layerNormLayout),
  tfjs: standardizeTf(layerNormLayout),
  jacobian: standardizeJacobian(layerNormLayout),
  // Over a vector's entries, or along a matrix's rows (one axis) or all its entries (two).
  symbolic: readStandardize((node, rank) => (rank === 1 || countOf(node.attrs) === 2 ? 'all' : rank === 2 ? 'rows' : null)),
  kinks: null,
  // F.layer_norm's weight and bias may be left out: its spelling (frontends/python/calls.ts) fills them in.
  spellings: { python: [] },
});
