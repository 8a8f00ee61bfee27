import { sigmoid } from '../../../../src/core/ops/elementwise/sigmoid';
import { checkUnaryOp } from '../unary-agreement';

checkUnaryOp(sigmoid);
