import { broadcastMap } from '../../numeric/index-plan';
import { expr, pointwise, type RuleContext } from '../../jacobian/rules/types';
import type { Src } from '../../jacobian/term';
import { hashBits } from '../../numeric/f64/kink-bits';
import type { KinkSignature } from '../../numeric/f64/types';
import { broadcastGradient } from '../../numeric/tfjs/gradients/broadcast';
import { type OpModule, opModule } from '../op';
import { broadcastSignature, f64Arithmetic, tfBroadcast } from './broadcast';

/**
 * maximum and minimum of two operands: the larger (smaller) of each pair, ties going to the
 * first operand, which also gets the gradient of a tie. NaN in either gives NaN, as NumPy.
 */

const v = (id: number) => `{n:${id}}`;

/** 1[a ≥ b] for maximum's first operand, 1[a < b] for the second (≤ and > for minimum). */
function selector(ctx: RuleContext, k: number, op: string, latexOp: string): Src {
  const [a, b] = ctx.node.inputs;
  const text = k === 0 ? `1[${v(a)} ${op} ${v(b)}]` : `1[¬(${v(a)} ${op} ${v(b)})]`;
  const latex = k === 0 ? `\\mathbb{1}[${v(a)} ${latexOp} ${v(b)}]` : `\\mathbb{1}[\\lnot(${v(a)} ${latexOp} ${v(b)})]`;
  return expr(ctx.node.id, `select${k}`, text, latex);
}

/** Which operand each output came from (ties count as their own branch). */
const pickBits: KinkSignature = ([a, b], out) => {
  const ma = broadcastMap(a.shape, out.shape);
  const mb = broadcastMap(b.shape, out.shape);
  return hashBits(out.data.length, (i) => {
    const x = a.data[ma[i]];
    const y = b.data[mb[i]];
    return x > y ? 1 : x < y ? 2 : 0;
  });
};

export function extremum<const Name extends 'maximum' | 'minimum'>(name: Name, symbolic: OpModule['symbolic']): OpModule<Name> {
  const larger = name === 'maximum';
  const kernel = larger ? 'Maximum' : 'Minimum';
  const library = ['numpy', 'torch', 'tensorflow', 'tensorflow.math'].map((lib) => `${lib}.${name}`);
  return opModule(name, {
    doc: `${name}(a, b) — the ${larger ? 'larger' : 'smaller'} of a and b elementwise, with broadcasting`,
    signature: broadcastSignature(name),
    f64: f64Arithmetic(larger ? 'maximum' : 'minimum'),
    tfjs: tfBroadcast(larger ? (tf, a, b) => tf.maximum(a, b) : (tf, a, b) => tf.minimum(a, b)),
    tfjsGradients: [
      broadcastGradient(kernel, (tf, dy, a, b) => [
        tf.mul(dy, tf.cast(larger ? tf.greaterEqual(a, b) : tf.lessEqual(a, b), 'float32')),
        tf.mul(dy, tf.cast(larger ? tf.less(a, b) : tf.greater(a, b), 'float32')),
      ]),
    ],
    jacobian: { wrt: (ctx, k) => pointwise(ctx, k, [larger ? selector(ctx, k, '≥', '\\geq') : selector(ctx, k, '≤', '\\leq')]) },
    symbolic,
    kinks: pickBits,
    spellings: { python: [{ names: library, params: 'a, b' }] },
  });
}
