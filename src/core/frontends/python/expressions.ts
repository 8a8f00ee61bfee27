import { type CallExpr, type Expr, NO_KWARGS } from '../../ir/program';
import { ATTRIBUTES, BINARY_OPERATORS, COMPARISONS, CONSTANTS, FLOOR_ATTRIBUTE, lowerCall } from './calls';
import { dottedName, shortSource, type Context } from './context';
import { iteratedLayers } from './modules';
import { dictKeyName, lowerIndexItems, lowerTarget, stringValue } from './targets';
import { firstNamed, named, type PyNode } from './tree';

/** Lowers one expression node. Never throws for unknown syntax: that becomes an UnsupportedExpr. */
export function lowerExpr(cx: Context, node: PyNode): Expr {
  const span = cx.span(node);
  switch (node.type) {
    case 'identifier':
      return { kind: 'name', name: cx.src(node), span };
    case 'integer':
    case 'float': {
      const value = Number(cx.src(node).replace(/_/g, ''));
      // Complex literals (`1j`) and Python 2 longs are not numbers we can use.
      return Number.isNaN(value) ? unsupported(cx, node, []) : { kind: 'num', value, span };
    }
    case 'string':
    case 'concatenated_string':
      return { kind: 'str', value: stringValue(cx, node), span };
    case 'true':
      return { kind: 'const', value: true, span };
    case 'false':
      return { kind: 'const', value: false, span };
    case 'none':
      return { kind: 'const', value: null, span };
    case 'parenthesized_expression': {
      const inner = firstNamed(node);
      return inner ? lowerExpr(cx, inner) : { kind: 'tuple', items: [], span };
    }
    case 'tuple':
    case 'list':
    case 'expression_list':
      return { kind: 'tuple', items: named(node).map((c) => lowerExpr(cx, c)), span };
    case 'list_splat': {
      // `(N, *X.shape[1:])`: the item evaluates to a tuple, which the interpreter splices into a shape.
      const inner = firstNamed(node);
      return inner ? lowerExpr(cx, inner) : unsupported(cx, node, []);
    }
    case 'unary_operator':
      return unary(cx, node);
    case 'binary_operator':
      return binary(cx, node);
    case 'comparison_operator':
      return comparison(cx, node);
    case 'boolean_operator':
    case 'not_operator':
      return { kind: 'unsupported', text: tokenOf(node) ?? node.type, args: named(node).map((c) => lowerExpr(cx, c)), span };
    case 'conditional_expression': {
      // `a if c else b`: elementwise `where` gives the same value and shape.
      const [a, cond, b] = named(node);
      if (!a || !cond || !b) return unsupported(cx, node, []);
      return call('where', [lowerExpr(cx, cond), lowerExpr(cx, a), lowerExpr(cx, b)], span, 'if');
    }
    case 'attribute':
      return attribute(cx, node);
    case 'subscript':
      return subscript(cx, node);
    case 'call':
      return lowerCall(cx, node);
    case 'dictionary':
      // `grads = {}`: its entries are names of their own (`grads['W1']`), assigned later.
      if (!named(node).some((c) => c.type !== 'comment')) return { kind: 'const', value: null, span };
      return dictionary(cx, node) ?? unsupported(cx, node, []);
    case 'list_comprehension':
    case 'generator_expression':
      return layerComprehension(cx, node) ?? comprehension(cx, node) ?? unsupported(cx, node, []);
    default:
      return unsupported(cx, node, []);
  }
}

/**
 * `[head(x) for head in self.heads]` over a container of layers: a tuple of the body, once
 * per layer. Other comprehensions are not followed (null).
 */
function layerComprehension(cx: Context, node: PyNode): Expr | null {
  const [body, clause, ...rest] = named(node);
  if (!body || clause?.type !== 'for_in_clause' || rest.length) return null;
  const [left, right] = named(clause);
  const iterated = left && right ? iteratedLayers(cx, right) : null;
  const variable = iterated?.pairs && left?.type === 'pattern_list' ? named(left)[1] : left;
  if (!iterated || !variable || variable.type !== 'identifier') return null;
  const name = cx.src(variable);
  const saved = cx.layers.get(name);
  const items = iterated.layers.map((layer) => {
    cx.layers.set(name, layer);
    return lowerExpr(cx, body);
  });
  if (saved) cx.layers.set(name, saved);
  else cx.layers.delete(name);
  return { kind: 'tuple', items, span: cx.span(node) };
}

/** `{'stride': 1, 'pad': 1}`: a dict whose keys are all strings; null for any other. */
function dictionary(cx: Context, node: PyNode): Expr | null {
  const keys: string[] = [];
  const items: Expr[] = [];
  for (const entry of named(node)) {
    if (entry.type === 'comment') continue;
    const [key, value] = named(entry);
    if (entry.type !== 'pair' || key?.type !== 'string' || !value) return null;
    keys.push(stringValue(cx, key));
    items.push(lowerExpr(cx, value));
  }
  return { kind: 'dict', keys, items, span: cx.span(node) };
}

/**
 * `[Block(d) for _ in range(n)]`, `[f(x[i]) for i in range(N)]`: one `for` clause with no
 * condition, unrolled by the interpreter. Others are not followed (null).
 */
function comprehension(cx: Context, node: PyNode): Expr | null {
  const [body, clause, ...rest] = named(node);
  if (!body || clause?.type !== 'for_in_clause' || rest.some((r) => r.type !== 'comment')) return null;
  const [left, right] = named(clause);
  const target = left ? lowerTarget(cx, left) : null;
  if (!target || !right) return null;
  return { kind: 'comprehension', body: lowerExpr(cx, body), target, iter: lowerExpr(cx, right), span: cx.span(node) };
}

function call(op: CallExpr['op'], args: Expr[], span: CallExpr['span'], callee: string, kwargs: Record<string, Expr> = NO_KWARGS): CallExpr {
  return { kind: 'call', op, args, kwargs, span, callee };
}

function unsupported(cx: Context, node: PyNode, args: Expr[]): Expr {
  return { kind: 'unsupported', text: shortSource(cx, node), args, span: cx.span(node) };
}

/** The first anonymous token of a node: the operator of an operator node. */
function tokenOf(node: PyNode): string | undefined {
  for (const c of node.children) if (!c.named) return c.type;
  return undefined;
}

function unary(cx: Context, node: PyNode): Expr {
  const operand = firstNamed(node);
  const op = tokenOf(node);
  if (!operand) return unsupported(cx, node, []);
  const span = cx.span(node);
  // `-1` is a number (reshape's -1, negative axes), not neg(1).
  if (op === '-' && (operand.type === 'integer' || operand.type === 'float')) {
    const inner = lowerExpr(cx, operand);
    if (inner.kind === 'num') return { kind: 'num', value: -inner.value, span };
  }
  const value = lowerExpr(cx, operand);
  if (op === '-') return call('neg', [value], span, '-');
  if (op === '+') return value;
  return { kind: 'unsupported', text: op ?? '?', args: [value], span };
}

function binary(cx: Context, node: PyNode): Expr {
  const [left, right] = named(node);
  const op = tokenOf(node);
  const span = cx.span(node);
  if (!left || !right || !op) return unsupported(cx, node, []);
  const args = [lowerExpr(cx, left), lowerExpr(cx, right)];
  const canonical = Object.hasOwn(BINARY_OPERATORS, op) ? BINARY_OPERATORS[op] : undefined;
  if (!canonical) return { kind: 'unsupported', text: op, args, span };
  const kwargs: Record<string, Expr> = op === '//' ? { [FLOOR_ATTRIBUTE]: { kind: 'const', value: true, span } } : NO_KWARGS;
  return call(canonical, args, span, op, kwargs);
}

function comparison(cx: Context, node: PyNode): Expr {
  const operands = named(node);
  const ops = node.children.filter((c) => !c.named).map((c) => c.type);
  const args = operands.map((c) => lowerExpr(cx, c));
  const span = cx.span(node);
  const canonical = ops.length === 1 ? COMPARISONS[ops[0]] : undefined;
  // Chained (`0 < x < 1`), `!=`, `in`, `is`: not tensor ops we know.
  if (!canonical || args.length !== 2) return { kind: 'unsupported', text: ops.join(' '), args, span };
  return call(canonical, args, span, ops[0]);
}

function attribute(cx: Context, node: PyNode): Expr {
  const [object, attr] = named(node);
  const span = cx.span(node);
  if (!object || !attr) return unsupported(cx, node, []);
  const dotted = dottedName(cx, node);
  if (dotted !== null) {
    const qualified = cx.imports.qualify(dotted);
    if (qualified !== null) {
      // A module attribute: a constant (`np.pi`, `np.newaxis`) or a name such as `tf.float32`.
      const constant = Object.hasOwn(CONSTANTS, qualified) ? CONSTANTS[qualified] : undefined;
      if (constant === null) return { kind: 'const', value: null, span };
      if (constant !== undefined) return { kind: 'num', value: constant, span };
      return { kind: 'name', name: dotted, span };
    }
  }
  const name = cx.src(attr);
  const meaning = Object.hasOwn(ATTRIBUTES, name) ? ATTRIBUTES[name] : undefined;
  if (meaning === 'identity') return lowerExpr(cx, object);
  if (meaning === 'unsupported') return { kind: 'unsupported', text: `.${name}`, args: [lowerExpr(cx, object)], span };
  if (meaning) return call(meaning, [lowerExpr(cx, object)], span, `.${name}`);
  // `self.W`, `params.W`: dotted names are kept whole.
  if (dotted !== null) return { kind: 'name', name: dotted, span };
  return { kind: 'unsupported', text: `.${name}`, args: [lowerExpr(cx, object)], span };
}

function subscript(cx: Context, node: PyNode): Expr {
  const span = cx.span(node);
  const key = dictKeyName(cx, node);
  if (key !== null) return { kind: 'name', name: key, span };
  const [value] = named(node);
  if (!value) return unsupported(cx, node, []);
  const target = lowerExpr(cx, value);
  const items = lowerIndexItems(cx, node);
  // `X.shape[0]`, `tf.shape(x)[0]`, `x.size()[0]` read one dim.
  if (target.kind === 'call' && target.op === 'shape' && items.length === 1 && items[0].kind === 'expr' && target.args[0]) {
    return call('dim', [target.args[0], items[0].expr], span, target.callee);
  }
  return { kind: 'index', target, items, span };
}
