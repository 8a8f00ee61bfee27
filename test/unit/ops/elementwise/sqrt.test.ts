import { sqrt } from '../../../../src/core/ops/elementwise/sqrt';
import { checkUnaryOp } from '../unary-agreement';

checkUnaryOp(sqrt);
