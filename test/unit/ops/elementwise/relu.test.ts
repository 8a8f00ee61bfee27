import { relu } from '../../../../src/core/ops/elementwise/relu';
import { checkUnaryOp } from '../unary-agreement';

checkUnaryOp(relu);
