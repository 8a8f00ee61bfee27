import * as creation from '../shapes/rules/creation';
import * as elementwise from '../shapes/rules/elementwise';
import { moduleTable, type UnaryOp, unaryTable } from '../ops/index';
import type { ShapeRule } from '../shapes/rules/types';
import type { OpSpec } from './op-spec';
import type { CanonicalOp } from './program';

export type { OpSpec } from './op-spec';

/** An elementwise function's signature: x, and the parameter it may take (leaky_relu's slope). */
function unarySpec(op: UnaryOp): OpSpec {
  const shape = op.keepsDtype ? elementwise.sameShape : elementwise.floatSameShape;
  if (!op.param) return { params: ['x'], tensors: 1, shape };
  return { params: ['x', op.param.name], tensors: 1, shape, defaults: { [op.param.name]: op.param.default } };
}
const leaf = (rule: ShapeRule = creation.floatFromShape): OpSpec => ({ params: ['shape'], tensors: 0, shape: rule });

/** Graph ops: everything that becomes a node. Layer ops and dim/shape are handled by the tracer. */
export const OPS: Partial<Record<CanonicalOp | 'index' | 'index_update' | 'const', OpSpec>> = {
  randn: leaf(),
  rand: leaf(),
  zeros: leaf(),
  ones: leaf(),
  placeholder: leaf(),
  full: { params: ['shape', 'value'], tensors: 0, shape: creation.floatFromShape },
  eye: { params: ['n', 'm'], tensors: 0, shape: creation.eye },
  arange: { params: ['start', 'stop', 'step'], tensors: 0, shape: creation.arange },
  randint: { params: ['low', 'high', 'shape'], tensors: 0, shape: creation.intFromShape },
  const: { params: ['value'], tensors: 0, shape: () => ({ shape: [], dtype: 'float' }) },
  zeros_like: { params: ['x'], tensors: 1, shape: creation.like },
  ones_like: { params: ['x'], tensors: 1, shape: creation.like },
  copy: { params: ['x'], tensors: 1, shape: elementwise.sameShape },

  ...unaryTable(unarySpec),
  ...moduleTable((op) => op.signature),






};

/** Layer ops create named parameters and expand into graph ops (see trace/layers.ts). */
export const LAYER_OPS = new Set(['linear', 'dense', 'conv2d_layer', 'keras_conv2d', 'norm_layer', 'embedding', 'conv1d_layer', 'conv_transpose2d_layer', 'recurrent_layer', 'attention_layer']);

/** Ops whose value is a Python number or tuple, not a tensor. */
export const META_OPS = new Set(['dim', 'shape']);
