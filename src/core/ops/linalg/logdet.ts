import { determinant } from './determinant';

export const logdet = determinant('logdet', {
  python: [{ names: ['torch.logdet', 'tensorflow.linalg.logdet'], params: 'x' }],
  // \log\det X reads as log(det(X)): the same value, and derivations print it as written.
  math: [{ names: ['logdet'], latex: ['logdet'] }],
});
