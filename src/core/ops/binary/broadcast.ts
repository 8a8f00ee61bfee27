import type { Tensor } from '@tensorflow/tfjs-core';
import type { Exprs, Node } from '../../grad/expr';
import type { OpSpec } from '../../ir/op-spec';
import { type Arithmetic, mapArithmetic } from '../../numeric/f64/arithmetic';
import { mapBinary } from '../../numeric/f64/broadcast';
import type { F64Kernel } from '../../numeric/f64/types';
import { common } from '../../numeric/tfjs/dtype';
import type { Tf } from '../../numeric/tfjs/tf';
import type { TfKernel } from '../../numeric/tfjs/types';
import { arithmetic } from '../../shapes/rules/elementwise';
import type { ShapeRule } from '../../shapes/rules/types';
import type { SymbolicContext } from '../op';

/**
 * What the elementwise ops of two operands with NumPy broadcasting share: their signature,
 * and kernels built from one scalar function and one tfjs op.
 */

/** Operands a and b, and how a person writes the op in messages (`+`). */
export function broadcastSignature(label: string, shape: ShapeRule = arithmetic): OpSpec {
  return { params: ['a', 'b'], tensors: 2, shape, label };
}

/** The float64 kernel applying `f` to each pair of broadcast elements. */
export function f64Broadcast(f: (a: number, b: number) => number): F64Kernel {
  return ([a, b]) => mapBinary(a, b, f);
}

/** The float64 kernel of an arithmetic op: a loop of its own per run of the broadcast, not a callback per element. */
export function f64Arithmetic(op: Arithmetic): F64Kernel {
  return ([a, b]) => mapArithmetic(a, b, op);
}

/** The tfjs kernel applying `f` to the operands in one dtype (tfjs does not promote int·float). */
export function tfBroadcast(f: (tf: Tf, a: Tensor, b: Tensor) => Tensor): TfKernel {
  return ([a, b], ctx) => {
    const [x, y] = common(ctx.tf, a, b, ctx.node.dtype);
    return f(ctx.tf, x, y);
  };
}

/** Operand k as a matrix expression: a 1-D operand broadcasts against a matrix as a row. */
export function asRow(x: Exprs, input: (k: number) => Node, cx: SymbolicContext, k: number): Node {
  const rank = (i: number) => cx.inputNode(i).shape.length;
  return rank(k) === 1 && rank(1 - k) === 2 ? x.transpose(input(k)) : input(k);
}

/** add, sub, mul, div read as the matrix expression's own operation on the two operands. */
export function readArithmetic(op: 'add' | 'sub' | 'mul' | 'div'): { read: (x: Exprs, node: unknown, input: (k: number) => Node, cx: SymbolicContext) => Node } {
  return { read: (x, _node, input, cx) => x[op](asRow(x, input, cx, 0), asRow(x, input, cx, 1)) };
}
