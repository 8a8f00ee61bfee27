import { comparison } from './comparison';

export const ge = comparison('ge', '>=', (a, b) => a >= b, { kernel: 'GreaterEqual', apply: (tf, a, b) => tf.greaterEqual(a, b) });
