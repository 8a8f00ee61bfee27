import type { ShapeRule } from '../../shapes/rules/types';
import { leafModule } from '../op';

/** `linspace(start, stop, num=50)`: num values; a count that is not a number is an unknown size. */
const linspaceShape: ShapeRule = (_inputs, attrs) => {
  const num = attrs.num ?? 50;
  return { shape: [typeof num === 'number' && Number.isInteger(num) && num >= 0 ? num : typeof num === 'string' ? num : '?'], dtype: 'float' };
};

export const linspace = leafModule('linspace', {
  doc: 'linspace(start, stop, num=50) — num evenly spaced values; data to the check, which evaluates at random values in [0, 1) as for any input',
  signature: { params: ['start', 'stop', 'num'], tensors: 0, shape: linspaceShape },
  values: { fill: 'rand', role: 'constant' },
  symbolic: 'variable',
  spellings: {
    python: [
      { names: ['numpy.linspace', 'tensorflow.linspace'], params: 'start, stop, num=, -endpoint, -retstep, -dtype, -axis, -name' },
      { names: ['torch.linspace'], params: 'start, end=stop, steps=num, -dtype, -device, -requires_grad' },
    ],
  },
});
