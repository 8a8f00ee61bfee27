import { pointwise } from '../../jacobian/rules/types';
import { mapUnary } from '../../numeric/f64/broadcast';
import { sameShape } from '../../shapes/rules/elementwise';
import { type OpModule, opModule } from '../op';

/** A copy of x (x.copy(), x.clone(), tf.identity): the identity, J = I. */
export const copy: OpModule<'copy'> = opModule('copy', {
  doc: 'copy(x) — .copy(), .clone(), tf.identity',
  signature: { params: ['x'], tensors: 1, shape: sameShape },
  f64: ([x]) => mapUnary(x, (v) => v),
  tfjs: ([x], ctx) => ctx.tf.clone(x),
  jacobian: { wrt: (ctx) => pointwise(ctx, 0, []) },
  symbolic: { read: (_x, _node, input) => input(0) },
  kinks: null,
  spellings: {
    python: [{ names: ['numpy.copy', 'torch.clone', 'tensorflow.identity'], params: 'x' }],
    methods: [{ names: ['copy', 'clone', 'detach'], params: 'x' }],
  },
});
