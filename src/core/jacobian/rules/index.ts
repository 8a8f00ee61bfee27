import { moduleTable } from '../../ops/index';
import type { JacobianRule } from './types';
import { UNARY_RULES } from './unary';

/**
 * The op table's Jacobian part, keyed by the same op names as OPS (src/core/ir/ops.ts).
 * Leaves (randn, placeholder, const, …) have no operands and need no entry; a unit test
 * checks that every other graph op has one.
 */
export const JACOBIAN_RULES: Readonly<Record<string, JacobianRule>> = {
  ...UNARY_RULES,
  ...moduleTable((op) => op.jacobian),
};

export type { JacobianRule, RuleContext } from './types';
