import { tanh } from '../../../../src/core/ops/elementwise/tanh';
import { checkUnaryOp } from '../unary-agreement';

checkUnaryOp(tanh);
