import { comparison } from './comparison';

export const gt = comparison('gt', '>', (a, b) => a > b, { kernel: 'Greater', apply: (tf, a, b) => tf.greater(a, b) });
