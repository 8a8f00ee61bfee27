import { arange as arangeShape } from '../../shapes/rules/creation';
import { leafModule } from '../op';

export const arange = leafModule('arange', {
  doc: 'arange(n) — int vector 0..n-1 (also range(n) when used as an index); arange(start, stop, step=) for the longer forms',
  signature: { params: ['start', 'stop', 'step'], tensors: 0, shape: arangeShape },
  values: { fill: 'arange', role: 'constant' },
  // In the matrix notation it only appears inside the label gather P[arange(N), y], which the graph reading recognises whole.
  symbolic: { unsupported: 'a range of integers is an index, not a matrix' },
  // range(n), arange(n) and arange(a, b, s) order their arguments differently: the Python front end reads them itself.
  spellings: { python: [] },
});
