import type { Attrs, AttrValue, RuleContext, ShapeRule, TensorInfo } from '../shapes/rules/types';

/**
 * The op table's signature and shape part: how a call's arguments split into tensor
 * inputs and attributes, and the rule giving the result's shape. The numeric kernels,
 * derivative rules and Jacobian structures live in their own registries keyed by the
 * same names (so that analysing shapes never loads TensorFlow.js); a unit test checks
 * that every graph op has an entry in each.
 */
export interface OpSpec {
  /** Positional parameter names; the first `tensors` are tensor inputs, the rest attributes. */
  params: string[];
  /** Number of tensor inputs; 'tuple' when the first argument is a tuple of tensors (concat). */
  tensors: number | 'tuple';
  shape: ShapeRule;
  defaults?: Record<string, AttrValue>;
  /** How a person writes the op, for messages (`matmul`, `+`). */
  label?: string;
  /**
   * For an op with several results (split, chunk): how many, or null when they cannot be
   * counted (the shape rule then says why). The tracer makes one node per result, the
   * attribute `piece` telling them apart, and gives the call a tuple of them.
   */
  pieces?: (inputs: TensorInfo[], attrs: Attrs, ctx: RuleContext) => number | null;
  /**
   * The op draws a uniform sample in [0, 1) of its first input's shape (dropout's mask): the
   * tracer makes it a leaf and passes it as one more input, so that every evaluation of the
   * program (the check's probes, float64 and TensorFlow.js alike) sees the same draw.
   */
  draws?: true;
}
