import type { CanonicalOp, Expr } from '../../ir/program';
import type { Span } from '../../ir/span';

/** A layer object as the code constructs it (`nn.Linear(9216, 128)`, `nn.Sequential(...)`), kept until it is applied to a tensor. */
export type LayerValue =
  | { kind: 'layer'; op: CanonicalOp | 'identity'; args: Expr[]; kwargs: Record<string, Expr>; inputs: number; callee: string; span: Span }
  | { kind: 'sequence'; layers: LayerValue[]; callee: string; span: Span }
  /** Something inside a Sequential that is not a known layer. */
  | { kind: 'unknown'; text: string; span: Span };
