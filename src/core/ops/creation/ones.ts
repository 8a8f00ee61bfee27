import { leafModule } from '../op';
import { shapeSignature } from './shape-leaf';

export const ones = leafModule('ones', {
  doc: 'ones(shape)',
  signature: shapeSignature,
  values: { fill: 'ones', role: 'constant' },
  symbolic: { read: (x, shape) => x.ones(shape[0], shape[1]) },
  spellings: {
    python: [
      { names: ['numpy.ones', 'tensorflow.ones'], params: '@shape, dtype=' },
      { names: ['torch.ones'], params: '*shape, dtype=' },
    ],
  },
});
