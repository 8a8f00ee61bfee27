import { sign } from '../../../../src/core/ops/elementwise/sign';
import { checkUnaryOp } from '../unary-agreement';

checkUnaryOp(sign);
