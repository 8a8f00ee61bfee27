import { placeholder } from '../../../../src/core/ops/creation/placeholder';
import { checkLeafModule } from '../module-agreement';

checkLeafModule(placeholder, {
  python: ['L = tensorflow.placeholder(tensorflow.float32, (3, 4))'],
  loss: 'L = tensorflow.placeholder(tensorflow.float32, (3, 4))\nE = tensorflow.reduce_sum(L * X)',
});
