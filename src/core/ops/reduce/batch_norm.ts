import type { OpSpec } from '../../ir/op-spec';
import { normAxis, type TensorInfo } from '../../shapes/rules/types';
import { type OpModule, opModule } from '../op';
import { type Layout, readStandardize, standardizeF64, standardizeJacobian, standardizeShape, standardizeTf } from './standardize';

/**
 * Batch normalisation with the statistics of the batch (training mode): each channel, the
 * entries along `axis` (1 as in PyTorch, −1 as in Keras), standardised over every other
 * axis, then weight ⊙ · + bias with one weight and one bias per channel.
 */

const channelOf = (attrs: Readonly<Record<string, unknown>>, rank: number): number => normAxis(typeof attrs.axis === 'number' ? attrs.axis : 1, rank) ?? rank - 1;

export function batchNormLayout(attrs: Readonly<Record<string, unknown>>, rank: number): Layout {
  const channel = channelOf(attrs, rank);
  return { reduced: Array.from({ length: rank }, (_, j) => j).filter((j) => j !== channel), affine: [channel] };
}

function check(x: TensorInfo, attrs: Readonly<Record<string, unknown>>): string | null {
  if (x.shape.length < 2) return 'batch norm needs a batch axis and a channel axis';
  const axis = typeof attrs.axis === 'number' ? attrs.axis : 1;
  return normAxis(axis, x.shape.length) === null ? `the channel axis ${axis} is out of range` : null;
}

const signature: OpSpec = { params: ['x', 'weight', 'bias', 'axis', 'eps'], tensors: 3, shape: standardizeShape('batch_norm', batchNormLayout, check), defaults: { axis: 1, eps: 1e-5 } };

export const batch_norm: OpModule<'batch_norm'> = opModule('batch_norm', {
  doc: 'batch_norm(x, weight, bias, axis=1, eps=1e-5) — training-mode batch norm: each channel (along axis) standardised with the batch mean and biased variance over every other axis, ⊙ weight + bias',
  signature,
  f64: standardizeF64(batchNormLayout),
  tfjs: standardizeTf(batchNormLayout),
  jacobian: standardizeJacobian(batchNormLayout),
  // Of a matrix (N, C): each column over the batch.
  symbolic: readStandardize((node, rank) => (rank === 2 ? (channelOf(node.attrs, 2) === 1 ? 'columns' : 'rows') : null)),
  kinks: null,
  // F.batch_norm's weight and bias may be left out, and it must be in training mode: its spelling (frontends/python/calls.ts) sees to both.
  spellings: { python: [] },
});
