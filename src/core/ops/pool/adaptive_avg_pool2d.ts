import { type OpModule, opModule } from '../op';
import { adaptiveBinsOf, adaptiveShape } from './adaptive';
import { POOL_SYMBOLIC, poolF64, poolJacobian, poolTf } from './separable';

const bins = adaptiveBinsOf('adaptive_avg_pool2d');

export const adaptiveAvgPool2d: OpModule<'adaptive_avg_pool2d'> = opModule('adaptive_avg_pool2d', {
  doc: 'adaptive_avg_pool2d(x, output_size) — PyTorch: the spatial axes cut into output_size bins (⌊i·H/out⌋ to ⌈(i+1)·H/out⌉), each averaged; 1 is the mean over H and W',
  signature: { params: ['x', 'output_size'], tensors: 1, shape: adaptiveShape('adaptive_avg_pool2d'), defaults: { layout: 'NCHW' } },
  f64: poolF64('adaptive_avg_pool2d', bins),
  tfjs: poolTf('adaptive_avg_pool2d', bins),
  jacobian: poolJacobian('adaptive_avg_pool2d', bins, { text: 'A_H ⊗ A_W on each image (each output the mean of its bin)', latex: 'A_H \\otimes A_W' }),
  symbolic: POOL_SYMBOLIC,
  kinks: null,
  spellings: {
    python: [{ names: ['torch.nn.functional.adaptive_avg_pool2d'], params: 'x, output_size', attrs: { layout: 'NCHW' } }],
  },
});
