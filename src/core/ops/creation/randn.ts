import { leafModule } from '../op';
import { shapeSignature } from './shape-leaf';

export const randn = leafModule('randn', {
  doc: 'randn(shape) — standard normal; also torch.randn, np.random.randn, tf.random.normal, tf.truncated_normal, tf.Variable(init)',
  signature: shapeSignature,
  values: { fill: 'randn', role: 'constant' },
  symbolic: 'variable',
  spellings: {
    python: [
      { names: ['numpy.random.randn', 'torch.randn'], params: '*shape' },
      { names: ['numpy.random.standard_normal'], params: '@size' },
      { names: ['numpy.random.normal'], params: '-loc, -scale, @size' },
      { names: ['tensorflow.random.normal', 'tensorflow.random_normal', 'tensorflow.truncated_normal', 'tensorflow.random.truncated_normal'], params: '@shape' },
    ],
  },
});
