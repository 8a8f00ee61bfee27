import { pointwise } from '../../jacobian/rules/types';
import { broadcastGradient } from '../../numeric/tfjs/gradients/broadcast';
import { type OpModule, opModule } from '../op';
import { broadcastSignature, f64Arithmetic, readArithmetic, tfBroadcast } from './broadcast';

export const sub: OpModule<'sub'> = opModule('sub', {
  doc: 'sub(a, b) — a − b elementwise, with broadcasting',
  signature: broadcastSignature('-'),
  f64: f64Arithmetic('sub'),
  tfjs: tfBroadcast((tf, a, b) => tf.sub(a, b)),
  tfjsGradients: [broadcastGradient('Sub', (tf, dy) => [dy, tf.neg(dy)])],
  jacobian: { wrt: (ctx, k) => pointwise(ctx, k, [], k === 0 ? 1 : -1) },
  symbolic: readArithmetic('sub'),
  kinks: null,
  spellings: {
    python: [{ names: ['numpy.subtract', 'torch.sub', 'torch.subtract', 'tensorflow.subtract', 'tensorflow.math.subtract'], params: 'a, b' }],
    methods: [{ names: ['sub'], params: 'x, y' }],
  },
});
