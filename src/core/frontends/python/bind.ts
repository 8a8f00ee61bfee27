import { type CallExpr, type CanonicalOp, type Expr, NO_KWARGS, type TupleExpr } from '../../ir/program';
import type { Span } from '../../ir/span';
import type { Context } from './context';
import { firstNamed, named, type PyNode } from './tree';

/**
 * Binding a library call's arguments (positional and keyword, as Python does) to the
 * library's parameters, and emitting the canonical call from them. The call table (calls.ts)
 * and the layer table (modules.ts) are written in this signature language.
 */

export type AttrValue = string | number | boolean;

/** What the call table says about one library function. */
export interface Signature {
  /**
   * The library's parameters in positional order, comma separated, each one of:
   *   `x`             a canonical positional argument (in this order)
   *   `axis=`         a canonical attribute of the same name; `stride=strides` renames it
   *   `-dtype`        accepted and dropped
   *   `@shape`        a canonical positional shape; absent means `()`; `@shape?` leaves it out
   *   `*shape`        the remaining positionals as the shape (or one tuple, or `size=` / `shape=`)
   */
  params: string;
  /** Attributes the canonical call gets when the source does not give them. */
  attrs?: Readonly<Record<string, AttrValue>>;
}

interface Param {
  name: string;
  kind: 'arg' | 'attr' | 'drop' | 'shape' | 'varshape';
  attr: string;
  optional: boolean;
}

/** Keyword spellings that mean the same canonical thing across libraries. */
const KEYWORD_ALIASES: Record<string, string> = {
  dim: 'axis',
  keepdim: 'keepdims',
  keep_dims: 'keepdims',
  reduction_indices: 'axis',
};

const parsed = new Map<string, Param[]>();

function parseParams(spec: string): Param[] {
  let params = parsed.get(spec);
  if (params) return params;
  params = [];
  for (const raw of spec.split(',')) {
    const p = raw.trim();
    if (!p) continue;
    if (p.startsWith('-')) params.push({ name: p.slice(1), kind: 'drop', attr: '', optional: false });
    else if (p.startsWith('*')) params.push({ name: p.slice(1), kind: 'varshape', attr: '', optional: false });
    else if (p.startsWith('@')) {
      const optional = p.endsWith('?');
      params.push({ name: p.slice(1, optional ? -1 : undefined), kind: 'shape', attr: '', optional });
    } else if (p.includes('=')) {
      const [name, attr] = p.split('=');
      params.push({ name, kind: 'attr', attr: attr || name, optional: true });
    } else params.push({ name: p, kind: 'arg', attr: '', optional: false });
  }
  parsed.set(spec, params);
  return params;
}

/** A call's arguments, lowered. */
export interface CallArgs {
  positional: Expr[];
  /** By keyword, aliases applied (`dim` → `axis`). */
  keywords: Map<string, Expr>;
  /** The whole call, for synthesized values. */
  span: Span;
  /** `*args` / `**kwargs` were passed: the binding may be incomplete. */
  starred: boolean;
}

/**
 * The keywords of every call that has none, shared: most calls have none, and a Map is large.
 * Never added to (lowerArgs makes a call its own Map at its first keyword).
 */
const NO_KEYWORDS: Map<string, Expr> = new Map();

/** `aliases` false keeps keywords as written: a user function's parameters are its own names. */
export function lowerArgs(cx: Context, argList: PyNode | undefined, span: Span, aliases = true): CallArgs {
  const args: CallArgs = { positional: [], keywords: NO_KEYWORDS, span, starred: false };
  if (!argList) return args;
  if (argList.type === 'generator_expression') {
    args.positional.push(cx.expr(argList));
    return args;
  }
  const items = named(argList);
  // Counted first and filled at their exact size: pushing would reserve room for 17.
  let count = 0;
  for (const a of items) if (isPositional(a)) count++;
  args.positional = new Array<Expr>(count);
  let next = 0;
  for (const a of items) {
    if (a.type === 'keyword_argument') {
      const [key, value] = named(a);
      if (!key || !value) continue;
      const name = cx.src(key);
      if (args.keywords === NO_KEYWORDS) args.keywords = new Map();
      args.keywords.set(aliases && Object.hasOwn(KEYWORD_ALIASES, name) ? KEYWORD_ALIASES[name] : name, cx.expr(value));
    } else if (a.type === 'dictionary_splat') {
      args.starred = true;
    } else if (a.type === 'list_splat') {
      // `np.random.randn(*out.shape)`: the tuple goes in its place; a shape splices it in.
      args.starred = true;
      const inner = firstNamed(a);
      if (inner) args.positional[next++] = cx.expr(inner);
    } else {
      args.positional[next++] = cx.expr(a);
    }
  }
  return args;
}

function isPositional(a: PyNode): boolean {
  return a.type !== 'keyword_argument' && a.type !== 'dictionary_splat' && (a.type !== 'list_splat' || firstNamed(a) !== undefined);
}

/**
 * Library parameter name → the value bound to it: a value per parameter of the signature, in
 * its order (a Map per call would cost more than the call's own Expr).
 */
export class Bound {
  constructor(
    private readonly params: readonly Param[],
    private readonly values: (Expr | undefined)[],
  ) {}

  get(name: string): Expr | undefined {
    for (let i = 0; i < this.params.length; i++) if (this.params[i].name === name) return this.values[i];
    return undefined;
  }

  /** The value of the signature's i-th parameter. */
  at(i: number): Expr | undefined {
    return this.values[i];
  }
}

export function bind(sig: Signature, args: CallArgs): Bound {
  const params = parseParams(sig.params);
  const values = new Array<Expr | undefined>(params.length);
  let next = 0;
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    if (p.kind === 'varshape') {
      values[i] = varargShape(args.positional.slice(next), args);
      next = args.positional.length;
      continue;
    }
    if (next < args.positional.length) values[i] = args.positional[next++];
  }
  if (args.keywords.size > 0) {
    for (let i = 0; i < params.length; i++) {
      const value = args.keywords.get(params[i].name);
      if (value && params[i].kind !== 'varshape') values[i] = value;
    }
  }
  return new Bound(params, values);
}

/**
 * Whether a call's arguments fit the signature as Python would bind them: no more positionals
 * than it has parameters (unless it gathers the rest), and every keyword one of its names.
 * `positional` counts a method's receiver too.
 */
export function accepts(sig: Signature, positional: number, keywords: Iterable<string>): boolean {
  const params = parseParams(sig.params);
  const gathers = params.some((p) => p.kind === 'varshape');
  if (!gathers && positional > params.length) return false;
  for (const key of keywords) {
    if (!params.some((p) => p.name === key) && !(gathers && (key === 'size' || key === 'shape'))) return false;
  }
  return true;
}

/**
 * Arguments gathered before the call's own array is made at its exact size: pushing into a
 * fresh array would reserve room for 17 items in every call the Program keeps. Its length
 * only grows (`count` marks the end in use), so V8 never shrinks and regrows it.
 */
const gathered: Expr[] = [];

/** The canonical call for a bound signature. */
export function emit(op: CanonicalOp, sig: Signature, bound: Bound, span: Span, callee: string): CallExpr {
  let kwargs: Record<string, Expr> | undefined;
  let count = 0;
  const params = parseParams(sig.params);
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    const value = bound.at(i);
    switch (p.kind) {
      case 'arg':
      case 'varshape':
        if (value) gathered[count++] = value;
        break;
      case 'shape':
        if (value) gathered[count++] = asShape(value);
        else if (!p.optional) gathered[count++] = { kind: 'tuple', items: [], span };
        break;
      case 'attr':
        if (value) (kwargs ??= {})[p.attr] = value;
        break;
      case 'drop':
        break;
    }
  }
  if (sig.attrs) {
    for (const key in sig.attrs) if (!kwargs || !(key in kwargs)) (kwargs ??= {})[key] = literal(sig.attrs[key], span);
  }
  const args = gathered.slice(0, count);
  return { kind: 'call', op, args, kwargs: kwargs ?? NO_KWARGS, span, callee };
}

/**
 * A shape value as a TupleExpr. A lone non-tuple value becomes a one-item tuple: an int n
 * means (n,), and an item that evaluates to a tuple (`X.shape`, a name bound to a tuple)
 * is spliced in by the interpreter.
 */
export function asShape(value: Expr): TupleExpr {
  return value.kind === 'tuple' ? value : { kind: 'tuple', items: [value], span: value.span };
}

function varargShape(rest: Expr[], args: CallArgs): TupleExpr {
  if (rest.length === 1) return asShape(rest[0]);
  if (rest.length > 1) return { kind: 'tuple', items: rest, span: { start: rest[0].span.start, end: rest[rest.length - 1].span.end } };
  const keyword = args.keywords.get('size') ?? args.keywords.get('shape');
  return keyword ? asShape(keyword) : { kind: 'tuple', items: [], span: args.span };
}

export function literal(value: AttrValue, span: Span): Expr {
  if (typeof value === 'number') return { kind: 'num', value, span };
  if (typeof value === 'string') return { kind: 'str', value, span };
  return { kind: 'const', value, span };
}
