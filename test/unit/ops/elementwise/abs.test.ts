import { abs } from '../../../../src/core/ops/elementwise/abs';
import { checkUnaryOp } from '../unary-agreement';

checkUnaryOp(abs);
