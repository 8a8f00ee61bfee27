import { leafModule } from '../op';
import { shapeSignature } from './shape-leaf';

export const zeros = leafModule('zeros', {
  doc: 'zeros(shape)',
  signature: shapeSignature,
  values: { fill: 'zeros', role: 'constant' },
  symbolic: { read: (x, shape) => x.zeros(shape) },
  spellings: {
    python: [
      { names: ['numpy.zeros', 'tensorflow.zeros'], params: '@shape, dtype=' },
      { names: ['torch.zeros'], params: '*shape, dtype=' },
    ],
  },
});
