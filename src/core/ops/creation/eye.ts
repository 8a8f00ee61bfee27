import { eye as eyeShape } from '../../shapes/rules/creation';
import { leafModule } from '../op';

export const eye = leafModule('eye', {
  doc: 'eye(n)',
  signature: { params: ['n', 'm'], tensors: 0, shape: eyeShape },
  values: { fill: 'eye', role: 'constant' },
  symbolic: { read: (x, shape) => x.eye(shape[0]) },
  spellings: { python: [{ names: ['numpy.eye', 'numpy.identity', 'torch.eye', 'tensorflow.eye'], params: 'n' }] },
});
