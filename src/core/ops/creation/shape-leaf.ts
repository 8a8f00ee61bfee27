import type { OpSpec } from '../../ir/op-spec';
import { floatFromShape } from '../../shapes/rules/creation';

/** The signature of a leaf made from a shape alone (randn(3, 4), zeros((N, D))): floats of that shape, or integers for an integer `dtype`. */
export const shapeSignature: OpSpec = { params: ['shape', 'dtype'], tensors: 0, shape: floatFromShape };
