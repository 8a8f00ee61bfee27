import { comparison } from './comparison';

export const le = comparison('le', '<=', (a, b) => a <= b, { kernel: 'LessEqual', apply: (tf, a, b) => tf.lessEqual(a, b) });
