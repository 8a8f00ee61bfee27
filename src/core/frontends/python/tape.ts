import { AUTODIFF_OF } from '../../ir/graph';
import type { Expr } from '../../ir/program';
import type { Span } from '../../ir/span';
import { lowerArgs } from './bind';
import { dottedName, type Context } from './context';
import { childOfType, firstNamed, named, type PyNode } from './tree';

/**
 * TensorFlow 2's `with tf.GradientTape() as tape:` and `tape.gradient(loss, [W, b])`. The
 * block is ordinary code; the gradients the tape returns are TensorFlow's autodiff, not
 * gradients someone derived by hand, so they are read as values of their variables' shapes
 * that the check does not judge (it computes the same gradients itself, and judges the
 * hand-written ones against them). Their numbers are not computed: where later code uses
 * them, it sees zeros of the right shape.
 */

const GRADIENT_TAPE = 'tensorflow.GradientTape';

/** `with tf.GradientTape() as tape, ...:` — remembers each name bound to a tape. */
export function recordTapes(cx: Context, withStatement: PyNode): void {
  const clause = childOfType(withStatement, 'with_clause');
  for (const item of clause ? named(clause) : []) {
    const pattern = firstNamed(item);
    if (pattern?.type !== 'as_pattern') continue;
    const [value, target] = named(pattern);
    const name = target && firstNamed(target);
    const callee = value?.type === 'call' ? firstNamed(value) : undefined;
    const qualified = callee ? dottedName(cx, callee) : null;
    if (name?.type === 'identifier' && qualified !== null && cx.imports.qualify(qualified) === GRADIENT_TAPE) cx.tapes.add(cx.src(name));
  }
}

/**
 * `tape.gradient(loss, W)` → a value of W's shape; `tape.gradient(loss, [W, b])` → one per
 * variable. Null when the call is not a tape's gradient. A source the front end cannot list
 * (`model.trainable_variables`) gives None: the gradients exist, their shapes are not read.
 */
export function tapeGradient(cx: Context, fn: PyNode, argList: PyNode | undefined, span: Span): Expr | null {
  if (fn.type !== 'attribute') return null;
  const [receiver, method] = named(fn);
  if (receiver?.type !== 'identifier' || !method || !cx.tapes.has(cx.src(receiver)) || cx.src(method) !== 'gradient') return null;
  const args = lowerArgs(cx, argList, span, false);
  const target = args.positional[0] ?? args.keywords.get('target');
  const sources = args.positional[1] ?? args.keywords.get('sources');
  if (!target || !sources) return { kind: 'unsupported', text: 'tape.gradient', args: args.positional, span };
  const of = targetText(cx, argList);
  const gradient = (variable: Expr): Expr => ({ kind: 'call', op: 'zeros_like', args: [variable], kwargs: { [AUTODIFF_OF]: { kind: 'str', value: of, span } }, span, callee: 'tape.gradient' });
  if (sources.kind === 'tuple') return { kind: 'tuple', items: sources.items.map(gradient), span };
  if (sources.kind === 'name' && /\.(trainable_variables|trainable_weights|variables|weights)$/.test(sources.name)) return { kind: 'const', value: null, span };
  return gradient(sources);
}

function targetText(cx: Context, argList: PyNode | undefined): string {
  const first = argList ? firstNamed(argList) : undefined;
  return first ? cx.src(first.type === 'keyword_argument' ? (named(first)[1] ?? first) : first) : 'the target';
}
