import { determinant } from './determinant';

export const logdet = determinant('logdet', { python: [{ names: ['torch.logdet', 'tensorflow.linalg.logdet'], params: 'x' }] });
