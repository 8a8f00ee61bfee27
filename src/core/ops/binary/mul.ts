import { node } from '../../jacobian/term';
import { pointwise } from '../../jacobian/rules/types';
import { asFloat32, broadcastGradient } from '../../numeric/tfjs/gradients/broadcast';
import { type OpModule, opModule } from '../op';
import { broadcastSignature, f64Arithmetic, readArithmetic, tfBroadcast } from './broadcast';

export const mul: OpModule<'mul'> = opModule('mul', {
  doc: 'mul(a, b) — a ⊙ b elementwise, with broadcasting (*, np.multiply, .*, \\odot)',
  signature: broadcastSignature('*'),
  f64: f64Arithmetic('mul'),
  tfjs: tfBroadcast((tf, a, b) => tf.mul(a, b)),
  tfjsGradients: [broadcastGradient('Multiply', (tf, dy, a, b) => [tf.mul(dy, asFloat32(tf, b)), tf.mul(dy, asFloat32(tf, a))])],
  // ∂(A ⊙ B)/∂A = Diag(vec B); with B = A both operands contribute: 2·Diag(vec A).
  jacobian: { wrt: (ctx, k) => pointwise(ctx, k, [node(ctx.node.inputs[1 - k])]) },
  symbolic: readArithmetic('mul'),
  kinks: null,
  spellings: {
    python: [{ names: ['numpy.multiply', 'torch.mul', 'torch.multiply', 'tensorflow.multiply', 'tensorflow.math.multiply'], params: 'a, b' }],
    methods: [{ names: ['mul'], params: 'x, y' }],
  },
});
