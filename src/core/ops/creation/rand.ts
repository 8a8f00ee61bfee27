import { leafModule } from '../op';
import { shapeSignature } from './shape-leaf';

export const rand = leafModule('rand', {
  doc: 'rand(shape) — uniform [0,1)',
  signature: shapeSignature,
  values: { fill: 'rand', role: 'constant' },
  symbolic: 'variable',
  spellings: {
    python: [
      { names: ['numpy.random.rand', 'torch.rand'], params: '*shape' },
      { names: ['numpy.random.random', 'numpy.random.random_sample'], params: '@size' },
      { names: ['numpy.random.uniform'], params: '-low, -high, @size' },
      { names: ['tensorflow.random.uniform', 'tensorflow.random_uniform'], params: '@shape' },
    ],
  },
});
