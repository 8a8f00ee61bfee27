import { extreme } from './extreme';

export const max = extreme('max', {
  python: [{ names: ['numpy.max', 'numpy.amax', 'tensorflow.reduce_max', 'tensorflow.math.reduce_max'], params: 'x, axis=, keepdims=' }],
  methods: [{ names: ['max'], params: 'x, axis=, keepdims=' }],
  math: [{ names: ['max'], latex: ['max'], pairwise: 'maximum' }],
});
