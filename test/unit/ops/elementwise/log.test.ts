import { log } from '../../../../src/core/ops/elementwise/log';
import { checkUnaryOp } from '../unary-agreement';

checkUnaryOp(log);
