import { comparison } from './comparison';

export const lt = comparison('lt', '<', (a, b) => a < b, { kernel: 'Less', apply: (tf, a, b) => tf.less(a, b) });
