import type { Tensor } from '@tensorflow/tfjs-core';
import { expr } from '../../jacobian/rules/types';
import { term } from '../../jacobian/term';
import { hashBits } from '../../numeric/f64/kink-bits';
import { reduction } from '../../numeric/f64/reduce';
import type { KinkSignature } from '../../numeric/f64/types';
import { axesOf, keptShape } from '../../numeric/tfjs/gradients/util';
import { type OpModule, opModule } from '../op';
import { f64Reducer, keptDeltas, onInput, reductionSignature, tfReducer } from './reduction';

/**
 * The max and min reductions: the gradient goes to every element equal to the extreme (as
 * tfjs does), and a tie moves the derivative, so which elements reach it is the kink.
 */

/** Which elements reach the extreme. */
const extremeBits: KinkSignature = ([x], out, ctx) => {
  const r = reduction(x.shape, ctx.node.attrs.axis, true);
  return hashBits(x.data.length, (i) => (x.data[i] === out.data[r.map[i]] ? 1 : 0));
};

/** NaN wins, as in NumPy. */
const maxStep = (m: number, v: number) => (v > m || v !== v ? v : m);
const minStep = (m: number, v: number) => (v < m || v !== v ? v : m);

export function extreme<const Name extends 'max' | 'min'>(name: Name, spellings: OpModule['spellings']): OpModule<Name> {
  const isMax = name === 'max';
  const kernelName = isMax ? 'Max' : 'Min';
  const arg = isMax ? 'argmax' : 'argmin';
  return opModule(name, {
    doc: `${name}(x, axis?, keepdims?) — the ${isMax ? 'largest' : 'smallest'} element over the axes given, or over all`,
    signature: reductionSignature(),
    f64: isMax ? f64Reducer(-Infinity, maxStep) : f64Reducer(Infinity, minStep),
    tfjs: tfReducer(isMax ? ({ tf }, x, axes, keep) => tf.max(x, axes, keep) : ({ tf }, x, axes, keep) => tf.min(x, axes, keep)),
    tfjsGradients: [
      (tf) => ({
        kernelName,
        inputsToSave: ['x'],
        outputsToSave: [true],
        gradFunc: (dy, saved, attrs) => {
          const [x, y] = saved;
          const kept = keptShape(x.shape, axesOf(isMax ? attrs.reductionIndices : attrs.axis, x.rank));
          return { x: () => tf.mul(tf.reshape(dy as Tensor, kept), tf.cast(tf.equal(x, tf.reshape(y, kept)), 'float32')) };
        },
      }),
    ],
    // The derivative picks the arg max: structurally any element of the reduced slice.
    jacobian: {
      wrt: (ctx) => {
        const x = ctx.node.inputs[0];
        return [term([...keptDeltas(ctx), ...onInput(ctx, expr(x, arg, `1[{n:${x}} = ${name}]`, `\\mathbb{1}[{n:${x}} = \\${name}]`))])];
      },
    },
    symbolic: { unsupported: `${name} picks an element, which matrix calculus here does not write; Check Gradients differentiates it numerically` },
    kinks: extremeBits,
    spellings,
  });
}
