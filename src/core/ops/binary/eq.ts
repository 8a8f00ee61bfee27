import { comparison } from './comparison';

export const eq = comparison('eq', '==', (a, b) => a === b, { kernel: 'Equal', apply: (tf, a, b) => tf.equal(a, b) });
