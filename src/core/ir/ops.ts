import * as elementwise from '../shapes/rules/elementwise';
import { type LeafOpName, leafTable, moduleTable, type OpModuleName, type UnaryOp, type UnaryOpName, unaryTable } from '../ops/index';
import type { OpSpec } from './op-spec';

export type { OpSpec } from './op-spec';

/** An elementwise function's signature: x, and the parameter it may take (leaky_relu's slope). */
function unarySpec(op: UnaryOp): OpSpec {
  const shape = op.keepsDtype ? elementwise.sameShape : elementwise.floatSameShape;
  if (!op.param) return { params: ['x'], tensors: 1, shape };
  return { params: ['x', op.param.name], tensors: 1, shape, defaults: { [op.param.name]: op.param.default } };
}

/** Graph ops: everything that becomes a node, each from its module. Layer ops and dim/shape are handled by the tracer. */
export const OPS: Record<LeafOpName | UnaryOpName | OpModuleName, OpSpec> = {
  ...leafTable((op) => op.signature),
  ...unaryTable(unarySpec),
  ...moduleTable((op) => op.signature),
};

/** Layer ops create named parameters and expand into graph ops (see trace/layers.ts). */
export const LAYER_OPS = new Set(['linear', 'dense', 'conv2d_layer', 'keras_conv2d', 'norm_layer', 'embedding', 'conv1d_layer', 'conv_transpose2d_layer', 'recurrent_layer', 'attention_layer', 'upsample_layer', 'transformer_layer', 'transformer_decoder_layer']);

/** Ops whose value is a Python number or tuple, not a tensor. */
export const META_OPS = new Set(['dim', 'shape']);
