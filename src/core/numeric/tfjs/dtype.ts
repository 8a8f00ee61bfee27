import type { DataType, Tensor } from '@tensorflow/tfjs-core';
import type { GraphNode } from '../../ir/graph';
import type { Tf } from './tf';

/** The TensorFlow.js dtype a graph dtype is held in. */
export function tfDtype(d: GraphNode['dtype']): DataType {
  return d === 'float' ? 'float32' : d === 'int' ? 'int32' : 'bool';
}

export function asType(tf: Tf, t: Tensor, dtype: DataType): Tensor {
  return t.dtype === dtype ? t : tf.cast(t, dtype);
}

export function asFloat(tf: Tf, t: Tensor): Tensor {
  return asType(tf, t, 'float32');
}

/** Operands of a binary op in one dtype (tfjs does not promote int·float as NumPy does). */
export function common(tf: Tf, a: Tensor, b: Tensor, result: GraphNode['dtype']): [Tensor, Tensor] {
  const dtype: DataType = result === 'float' || a.dtype === 'float32' || b.dtype === 'float32' ? 'float32' : 'int32';
  return [asType(tf, a, dtype), asType(tf, b, dtype)];
}
