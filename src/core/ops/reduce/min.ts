import { extreme } from './extreme';

export const min = extreme('min', {
  python: [{ names: ['numpy.min', 'numpy.amin', 'tensorflow.reduce_min', 'tensorflow.math.reduce_min'], params: 'x, axis=, keepdims=' }],
  methods: [{ names: ['min'], params: 'x, axis=, keepdims=' }],
  math: [{ names: ['min'], latex: ['min'], pairwise: 'minimum' }],
});
