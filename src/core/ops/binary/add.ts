import { pointwise } from '../../jacobian/rules/types';
import { broadcastGradient } from '../../numeric/tfjs/gradients/broadcast';
import { type OpModule, opModule } from '../op';
import { broadcastSignature, f64Arithmetic, readArithmetic, tfBroadcast } from './broadcast';

export const add: OpModule<'add'> = opModule('add', {
  doc: 'add(a, b) — a + b elementwise, with broadcasting',
  signature: broadcastSignature('+'),
  f64: f64Arithmetic('add'),
  tfjs: tfBroadcast((tf, a, b) => tf.add(a, b)),
  tfjsGradients: [broadcastGradient('Add', (_tf, dy) => [dy, dy])],
  jacobian: { wrt: (ctx, k) => pointwise(ctx, k, []) },
  symbolic: readArithmetic('add'),
  kinks: null,
  spellings: {
    python: [{ names: ['numpy.add', 'torch.add', 'tensorflow.add', 'tensorflow.math.add', 'tensorflow.nn.bias_add'], params: 'a, b' }],
    methods: [{ names: ['add'], params: 'x, y' }],
  },
});
