import { intFromShape } from '../../shapes/rules/creation';
import { leafModule } from '../op';

export const randint = leafModule('randint', {
  doc: 'randint(low, high, shape) — integer labels',
  signature: { params: ['low', 'high', 'shape'], tensors: 0, shape: intFromShape },
  values: { fill: 'labels', role: 'labels' },
  // An input like any random leaf; being integers, it is then refused as one.
  symbolic: 'variable',
  // randint(high) and randint(low, high) differ in the meaning of their first argument: the Python front end reads them itself.
  spellings: { python: [] },
});
