import { exp } from '../../../../src/core/ops/elementwise/exp';
import { checkUnaryOp } from '../unary-agreement';

checkUnaryOp(exp);
