import { determinant } from './determinant';

export const det = determinant('det', {
  python: [{ names: ['numpy.linalg.det', 'torch.det', 'torch.linalg.det', 'tensorflow.linalg.det', 'tensorflow.matrix_determinant'], params: 'x' }],
  math: [{ names: ['det'], latex: ['det'] }],
});
