import { floatFromShape } from '../../shapes/rules/creation';
import { leafModule } from '../op';

export const full = leafModule('full', {
  doc: 'full(shape, value)',
  signature: { params: ['shape', 'value', 'dtype'], tensors: 0, shape: floatFromShape },
  values: { fill: 'full', role: 'constant' },
  symbolic: { read: (x, shape, node) => x.mul(x.num(Number(node.attrs.value)), x.ones(shape[0], shape[1])) },
  spellings: {
    // tf.constant(value, shape=) is a full too, rewritten by the Python front end.
    python: [
      { names: ['numpy.full', 'torch.full'], params: '@shape, fill_value, dtype=' },
      { names: ['tensorflow.fill'], params: '@dims, value' },
    ],
  },
});
