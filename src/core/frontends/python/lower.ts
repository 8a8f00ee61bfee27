import { tooDeepMessage } from '../../ir/depth';
import { type AssignOp, type DeclareStmt, type DefStmt, type Expr, NO_KWARGS, type Param, type Stmt, type Target } from '../../ir/program';
import { BINARY_OPERATORS, DEFAULT_RNG, FLOOR_ATTRIBUTE } from './calls';
import { annotationDims, commentDeclarations, roleFor } from './comments';
import { dottedName, type Context } from './context';
import { lowerTarget, simpleName, stringValue } from './targets';
import { rememberLibrary, rememberParameter } from './libraries';
import { recordTapes } from './tape';
import { shapeOf } from './creation-like';
import { isDataclass } from './dataclass';
import { addToSequence, buildLayer, iteratedLayers, kerasLayerStatements, layerObject, type LowerFunction, lowerClass } from './modules';
import { childOfType, firstNamed, named, type PyNode } from './tree';

/**
 * Statements. Module-level code and function bodies are flattened in source order (a
 * function's parameters become declarations); `for` and `if` keep their structure; `with`
 * and `try` contribute their bodies; imports feed the alias table; the rest is skipped.
 *
 * A block's statements are handed over one at a time (the module's as the tree reader meets
 * them); the last one is remembered for a trailing comment that follows it.
 */
export class BlockLowering {
  private previous: PyNode | null = null;
  private previousTarget: string | undefined;

  constructor(
    private readonly cx: Context,
    private readonly out: Stmt[],
  ) {}

  add(child: PyNode): void {
    const { cx, out } = this;
    if (child.type === 'comment') {
      // A comment on the line a statement ends on belongs to it: `x = f(x)  # (N, 128)`.
      const trailing = this.previous !== null && sameLine(cx.text, this.previous.end, child.start);
      out.push(...commentDeclarations(cx.text, child, trailing ? this.previousTarget : undefined));
      return;
    }
    if (!child.named) return;
    this.previous = child;
    this.previousTarget = child.type === 'ERROR' ? undefined : lowerChecked(cx, child, out);
  }
}

const COMPOUND = new Set(['function_definition', 'class_definition', 'decorated_definition', 'for_statement', 'if_statement', 'with_statement', 'try_statement', 'while_statement']);
const BODY_PARTS = new Set(['block', 'comment', 'elif_clause', 'else_clause', 'except_clause', 'finally_clause', 'function_definition', 'class_definition']);

/** Calls made for their effect that say nothing about shapes (`loss.backward()`, `print(...)`). */
const EFFECT_METHODS = new Set([
  'print', 'backward', 'zero_grad', 'step', 'append', 'extend', 'seed', 'manual_seed', 'set_seed', '__init__', 'show', 'plot',
  'savefig', 'write', 'info', 'debug', 'warning', 'eval', 'train', 'compile', 'fit', 'summary', 'run', 'close', 'save', 'load_state_dict',
  // A module moved or initialised in place (`netG.apply(weights_init)`, `model.to(device)`): its shapes stay.
  'apply', 'to', 'cuda', 'cpu', 'requires_grad_',
  // An optimiser's step, Keras's and TensorFlow's way.
  'apply_gradients', 'minimize',
]);
/** Initialisers (`nn.init.normal_(m.weight, 0.0, 0.02)`): they set values, never shapes. */
const INITIALISERS = /^(torch\.nn\.init|nn\.init|init)\.\w+_$/;
const EFFECT_MODULES = new Set(['plt', 'logging', 'logger', 'os', 'sys', 'time', 'random']);

function lowerBlock(cx: Context, children: PyNode[], out: Stmt[]): void {
  const block = new BlockLowering(cx, out);
  for (const child of children) block.add(child);
}

/**
 * One statement, skipped when it holds a syntax error (already reported), except that a
 * compound statement whose header is fine is entered so its good statements still count.
 * An exception becomes an internal-error problem on the statement and lowering goes on.
 */
function lowerChecked(cx: Context, node: PyNode, out: Stmt[]): string | undefined {
  if (node.error && (!COMPOUND.has(node.type) || headerHasError(node))) {
    reportTooDeep(cx, node);
    return undefined;
  }
  try {
    return lowerStatement(cx, node, out);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    cx.report('internal-error', 'error', cx.span(node), `internal error while reading this statement: ${message}`);
    return undefined;
  }
}

/** A statement skipped because part of it was too deep to read: one 'too-deep' problem on it. */
function reportTooDeep(cx: Context, node: PyNode): void {
  const before = cx.deep.length;
  for (let i = cx.deep.length - 1; i >= 0; i--) if (cx.deep[i].start >= node.start && cx.deep[i].end <= node.end) cx.deep.splice(i, 1);
  if (cx.deep.length === before) return;
  cx.report('too-deep', 'warning', cx.span(node), tooDeepMessage());
}

function headerHasError(node: PyNode): boolean {
  if (node.type === 'decorated_definition') {
    return node.children.some((c) => c.error && (c.type === 'decorator' || !COMPOUND.has(c.type) || headerHasError(c)));
  }
  return node.children.some((c) => c.error && !BODY_PARTS.has(c.type));
}

function classStatement(cx: Context, node: PyNode, out: Stmt[], dataclass: boolean): void {
  const lowerMethod: LowerFunction = (c, def, o, above) => {
    if (def.error && headerHasError(def)) return void lowerChecked(c, def, o);
    try {
      lowerFunction(c, def, o, above);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      c.report('internal-error', 'error', c.span(def), `internal error while reading this statement: ${message}`);
    }
  };
  lowerClass(cx, node, out, lowerMethod, dataclass);
}

function sameLine(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) return false;
  return true;
}

/** Returns the single name the statement assigns, for a trailing nameless shape comment. */
function lowerStatement(cx: Context, node: PyNode, out: Stmt[]): string | undefined {
  switch (node.type) {
    case 'expression_statement':
      return expressionStatement(cx, node, out);
    case 'return_statement': {
      const value = firstNamed(node);
      const span = cx.span(node);
      out.push({ kind: 'expr', value: value ? cx.expr(value) : { kind: 'const', value: null, span }, span, isReturn: true });
      return undefined;
    }
    case 'function_definition':
      lowerFunction(cx, node, out);
      return undefined;
    case 'class_definition':
      classStatement(cx, node, out, false);
      return undefined;
    case 'decorated_definition': {
      const cls = childOfType(node, 'class_definition');
      if (cls) classStatement(cx, cls, out, isDataclass(cx, node));
      const def = childOfType(node, 'function_definition');
      if (def) lowerStatement(cx, def, out);
      return undefined;
    }
    case 'for_statement':
      forStatement(cx, node, out);
      return undefined;
    case 'if_statement':
      ifStatement(cx, node, out);
      return undefined;
    case 'with_statement':
    case 'try_statement': {
      if (node.type === 'with_statement') recordTapes(cx, node);
      const body = childOfType(node, 'block');
      if (body) lowerBlock(cx, body.children, out);
      return undefined;
    }
    case 'import_statement':
    case 'import_from_statement':
      cx.imports.record(node, cx.text);
      return undefined;
    case 'assert_statement':
      assertShape(cx, node, out);
      return undefined;
    default:
      // pass, print, del, global, raise, while, ...: nothing shape-related to follow.
      return undefined;
  }
}

function expressionStatement(cx: Context, node: PyNode, out: Stmt[]): string | undefined {
  const inner = firstNamed(node);
  if (!inner) return undefined;
  switch (inner.type) {
    case 'assignment':
      return assignment(cx, inner, node, out);
    case 'augmented_assignment':
      augmentedAssignment(cx, inner, node, out);
      return undefined;
    case 'string':
    case 'concatenated_string':
    case 'ellipsis':
    case 'integer':
    case 'float':
    case 'none':
    case 'true':
    case 'false':
      return undefined; // docstrings and placeholders
    case 'call': {
      if (appendsLayer(cx, inner, out)) return undefined;
      if (addAt(cx, inner, node, out)) return undefined;
      if (registersBuffer(cx, inner, node, out)) return undefined;
      if (growsList(cx, inner, node, out)) return undefined;
      if (fillsInPlace(cx, inner, node, out)) return undefined;
      const value = cx.expr(inner);
      if ((value.kind === 'unsupported' && isEffectCall(value.text)) || (value.kind === 'invoke' && isEffectCall(value.name))) return undefined;
      out.push({ kind: 'expr', value, span: cx.span(node) });
      return undefined;
    }
    default:
      out.push({ kind: 'expr', value: cx.expr(inner), span: cx.span(node) });
      return undefined;
  }
}

/** `np.add.at(dW, idx, v)` (an unbuffered `dW[idx] += v`): an accumulating index assignment. */
function addAt(cx: Context, call: PyNode, statement: PyNode, out: Stmt[]): boolean {
  const [fn, argList] = named(call);
  const callee = fn ? dottedName(cx, fn) : null;
  if (!callee || cx.imports.qualify(callee) !== 'numpy.add.at' || !argList) return false;
  const [target, indices, value] = named(argList);
  if (!target || target.type !== 'identifier' || !indices || !value || indices.type === 'keyword_argument' || value.type === 'keyword_argument') return false;
  const index = indices.type === 'tuple' ? named(indices) : [indices];
  const items = index.map((i) => ({ kind: 'expr' as const, expr: cx.expr(i), span: cx.span(i) }));
  const span = cx.span(statement);
  out.push({ kind: 'assign', target: { kind: 'index', name: cx.src(target), items, span: cx.span(target) }, op: '+=', value: cx.expr(value), span, accumulate: true });
  return true;
}

/** `self.register_buffer('mask', torch.tril(...))` is `self.mask = torch.tril(...)`. */
function registersBuffer(cx: Context, call: PyNode, statement: PyNode, out: Stmt[]): boolean {
  const [fn, argList] = named(call);
  const callee = fn ? dottedName(cx, fn) : null;
  if (!callee?.endsWith('.register_buffer') || !argList) return false;
  const [key, value] = named(argList);
  if (key?.type !== 'string' || !value || value.type === 'keyword_argument') return false;
  const owner = callee.slice(0, -'.register_buffer'.length);
  const name = `${owner}.${stringValue(cx, key)}`;
  out.push({ kind: 'assign', target: { kind: 'name', name, span: cx.span(key) }, op: '=', value: cx.expr(value), span: cx.span(statement) });
  return true;
}

/**
 * `caches.append(cache)`, `hs.extend(more)`: the list bound to the name gains the items, as
 * the loops that build it are unrolled. Bound to anything but a list, the name is unchanged.
 */
function growsList(cx: Context, call: PyNode, statement: PyNode, out: Stmt[]): boolean {
  const [fn, argList] = named(call);
  const callee = fn ? dottedName(cx, fn) : null;
  const method = callee ? /\.(append|extend)$/.exec(callee)?.[1] : undefined;
  const items = argList ? named(argList) : [];
  if (!callee || !method || items.length !== 1 || items[0].type === 'keyword_argument') return false;
  const list = callee.slice(0, -method.length - 1);
  // A container of layers (`self.blocks.append(Block())`) is read where the layers are.
  if (cx.layers.has(list) || cx.layers.has(list.replace(/^self\./, ''))) return false;
  const span = cx.span(statement);
  const listSpan = cx.span(fn as PyNode);
  const current: Expr = { kind: 'name', name: list, span: listSpan };
  const value: Expr = { kind: 'call', op: method === 'append' ? 'list_append' : 'list_extend', args: [current, cx.expr(items[0])], kwargs: NO_KWARGS, span: cx.span(call), callee };
  out.push({ kind: 'assign', target: { kind: 'name', name: list, span: listSpan }, op: '=', value, span });
  return true;
}

/**
 * `label.fill_(0.)`, `h.zero_()`: PyTorch's in-place fills, as the assignment of a new tensor
 * of the same shape (`label = full(shape(label), 0.)`), so the values the check runs are right.
 */
function fillsInPlace(cx: Context, call: PyNode, statement: PyNode, out: Stmt[]): boolean {
  const [fn, argList] = named(call);
  const callee = fn ? dottedName(cx, fn) : null;
  const method = callee ? /\.(fill_|zero_)$/.exec(callee)?.[1] : undefined;
  const items = argList ? named(argList) : [];
  if (!callee || !method || items.length !== (method === 'fill_' ? 1 : 0) || items.some((a) => a.type === 'keyword_argument')) return false;
  const name = callee.slice(0, -method.length - 1);
  if (cx.layers.has(name) || name.endsWith('.grad')) return false;
  const span = cx.span(statement);
  const target: Expr = { kind: 'name', name, span: cx.span(fn as PyNode) };
  const shape = shapeOf(target, { callee });
  const value: Expr = method === 'fill_' ? { kind: 'call', op: 'full', args: [shape, cx.expr(items[0])], kwargs: NO_KWARGS, span: cx.span(call), callee } : { kind: 'call', op: 'zeros', args: [shape], kwargs: NO_KWARGS, span: cx.span(call), callee };
  out.push({ kind: 'assign', target: { kind: 'name', name, span: target.span }, op: '=', value, span });
  return true;
}

function isEffectCall(text: string): boolean {
  // `W.grad.zero_()`: autograd's gradient, cleared between steps.
  if (text.startsWith('super(') || INITIALISERS.test(text) || text.endsWith('.grad.zero_')) return true;
  const parts = text.split('.');
  return EFFECT_METHODS.has(parts[parts.length - 1]) || EFFECT_MODULES.has(parts[0]);
}

/**
 * `model.add(Dense(10))` on a Sequential bound to `model`; on a Keras model whose input shape
 * is known the layer is applied there.
 */
function appendsLayer(cx: Context, call: PyNode, out: Stmt[]): boolean {
  const [fn, args] = named(call);
  const dotted = fn ? dottedName(cx, fn) : null;
  if (!dotted || !dotted.endsWith('.add') || !args) return false;
  const model = dotted.slice(0, -'.add'.length);
  const sequence = cx.layers.get(model);
  const layer = firstNamed(args);
  if (sequence?.kind !== 'sequence' || layer === undefined) return false;
  const known = sequence.inputShape !== undefined;
  const before = sequence.layers.length;
  if (!addToSequence(cx, sequence, layer)) return false;
  if (sequence.keras && sequence.inputShape) {
    out.push(...kerasLayerStatements(model, sequence, known ? before : 0));
    cx.unread.delete(model);
  }
  return true;
}

function assignment(cx: Context, node: PyNode, stmt: PyNode, out: Stmt[]): string | undefined {
  const parts = named(node);
  const left = parts[0];
  const hasType = node.children.some((c) => !c.named && c.type === ':');
  const type = hasType ? parts[1] : undefined;
  const right = hasType ? parts[2] : parts[1];
  if (!left) return undefined;
  const simple = simpleName(cx, left);

  if (right) {
    // `self.shortcut = lambda x: x`: a function of that name.
    if (simple !== null && right.type === 'lambda') {
      out.push(lambdaFunction(cx, simple, right, stmt));
      forget(cx, { kind: 'name', name: simple, span: cx.span(left) });
      return undefined;
    }
    // A layer object or container: recorded, inlined where it is applied; in a branch, a value made where it runs.
    if (simple !== null && right.type === 'call') {
      const owner = simple.replace(/^self\./, '');
      const nameNode = left.type === 'attribute' ? named(left)[1] ?? left : left;
      const layer = buildLayer(cx, right, owner, cx.span(nameNode));
      if (layer && cx.branches > 0 && layer.kind !== 'container') {
        const before = cx.layers.get(simple);
        if (before && !cx.replacedInBranch.has(simple)) cx.replacedInBranch.set(simple, before);
        cx.layers.delete(simple);
        out.push({ kind: 'assign', target: { kind: 'name', name: simple, span: cx.span(left) }, op: '=', value: layerObject(layer), span: cx.span(stmt) });
        return undefined;
      }
      if (layer) {
        cx.layers.set(simple, layer);
        // A ModuleDict's modules are its attributes too: `self.transformer.wte(idx)`.
        if (layer.kind === 'container' && layer.keys) layer.keys.forEach((key, i) => cx.layers.set(`${simple}.${key}`, layer.layers[i]));
        if (layer.kind === 'sequence' && layer.keras) {
          if (layer.inputShape) out.push(...kerasLayerStatements(simple, layer, 0));
          else cx.unread.set(simple, cx.span(right));
        }
        return undefined;
      }
    }
    // A random generator: its draws are read where they are made.
    if (simple !== null && right.type === 'call') {
      const fn = firstNamed(right);
      const callee = fn ? dottedName(cx, fn) : null;
      if (callee && cx.imports.qualify(callee) === DEFAULT_RNG) {
        cx.generators.add(simple);
        return undefined;
      }
    }
    const alias = right.type === 'identifier' || right.type === 'attribute' ? dottedName(cx, right) : null;
    const aliased = alias !== null ? cx.layers.get(alias) : undefined;
    if (simple !== null && aliased) {
      cx.layers.set(simple, aliased);
      return undefined;
    }
    // `a = b = v`: the inner assignment first, then `a = b`.
    let value: Expr;
    if (right.type === 'assignment') {
      assignment(cx, right, right, out);
      const innerLeft = named(right)[0];
      if (!innerLeft) return undefined;
      value = cx.expr(innerLeft);
    } else {
      value = cx.expr(right);
    }
    if (simple !== null) rememberLibrary(cx, simple, right);
    const target = lowerTarget(cx, left);
    if (!target) {
      cx.report('unsupported-op', 'warning', cx.span(left), `cannot follow an assignment to \`${cx.src(left).slice(0, 40)}\``);
      return undefined;
    }
    forget(cx, target);
    out.push({ kind: 'assign', target, op: '=', value, span: cx.span(stmt) });
  }
  // An annotation after an assignment asserts the shape; without a value it declares one.
  if (type && simple !== null) {
    const declared = annotationDims(cx.text, type);
    if (declared) {
      const role = declared.integer ? 'labels' : roleFor(simple, declared.dims);
      out.push({ kind: 'declare', name: simple, dims: declared.dims, variadic: declared.variadic, role, source: 'annotation', span: { start: left.start, end: type.end } });
    }
  }
  return simple ?? undefined;
}

/**
 * `assert x.shape == (N, D)` (either side; a list or `torch.Size([...])` too) declares x's
 * shape as an annotation would: a check of a value known already, a declaration otherwise.
 */
function assertShape(cx: Context, node: PyNode, out: Stmt[]): void {
  const test = firstNamed(node);
  if (!test || test.type !== 'comparison_operator') return;
  const sides = named(test);
  if (sides.length !== 2 || !test.children.some((c) => !c.named && c.type === '==')) return;
  for (const [shape, dims] of [sides, [sides[1], sides[0]]]) {
    const owner = shapeOwner(cx, shape);
    const items = owner && dimItems(cx, dims);
    if (owner && items) {
      const exprs = items.map((d) => cx.expr(d));
      out.push({ kind: 'declare', name: owner, dims: exprs, role: roleFor(owner, exprs), source: 'assert', span: cx.span(node) });
      return;
    }
  }
}

/** `x` of `x.shape`. */
function shapeOwner(cx: Context, node: PyNode): string | null {
  if (node.type !== 'attribute') return null;
  const [object, attr] = named(node);
  return object && attr && cx.src(attr) === 'shape' ? dottedName(cx, object) : null;
}

/** The items of `(N, D)`, `[N, D]` or `torch.Size([N, D])`. */
function dimItems(cx: Context, node: PyNode): PyNode[] | null {
  if (node.type === 'tuple' || node.type === 'list') return named(node);
  if (node.type === 'parenthesized_expression') return named(node);
  if (node.type === 'call') {
    const [callee, args] = named(node);
    const list = args && named(args)[0];
    if (callee && /^(torch\.)?Size$/.test(cx.src(callee)) && list && (list.type === 'list' || list.type === 'tuple')) return named(list);
  }
  return null;
}

/** A name assigned a new value is no longer a layer, and no longer a module alias. */
function forget(cx: Context, target: Target): void {
  if (target.kind === 'tuple') {
    for (const t of target.items) forget(cx, t);
  } else if (target.kind === 'name') {
    cx.layers.delete(target.name);
    cx.imports.shadow(target.name);
  }
}

function augmentedAssignment(cx: Context, node: PyNode, stmt: PyNode, out: Stmt[]): void {
  const [left, right] = named(node);
  const token = node.children.find((c) => !c.named)?.type ?? '';
  if (!left || !right) return;
  const target = lowerTarget(cx, left);
  if (!target) {
    cx.report('unsupported-op', 'warning', cx.span(left), `cannot follow an update of \`${cx.src(left).slice(0, 40)}\``);
    return;
  }
  const value = cx.expr(right);
  const span = cx.span(stmt);
  if (token === '+=' || token === '-=' || token === '*=' || token === '/=') {
    out.push({ kind: 'assign', target, op: token as AssignOp, value, span });
    return;
  }
  // `x //= 2`, `x **= 2`, `x @= W`: written out as `x = x op value`.
  const operator = token.slice(0, -1);
  const op = BINARY_OPERATORS[operator];
  const current = cx.expr(left);
  const kwargs: Record<string, Expr> = operator === '//' ? { [FLOOR_ATTRIBUTE]: { kind: 'const', value: true, span } } : {};
  const combined: Expr = op
    ? { kind: 'call', op, args: [current, value], kwargs, span: cx.span(node), callee: token }
    : { kind: 'unsupported', text: token, args: [current, value], span: cx.span(node) };
  out.push({ kind: 'assign', target, op: '=', value: combined, span });
}


function forStatement(cx: Context, node: PyNode, out: Stmt[]): void {
  const [left, right] = named(node);
  const body = childOfType(node, 'block');
  if (!left || !right || !body) return;
  if (overLayers(cx, left, right, body, out)) return;
  const target = lowerTarget(cx, left);
  if (!target) {
    cx.report('unsupported-op', 'warning', cx.span(left), `cannot follow the loop variable \`${cx.src(left).slice(0, 40)}\``);
    return;
  }
  const stmts: Stmt[] = [];
  lowerBlock(cx, body.children, stmts);
  out.push({ kind: 'for', target, iter: cx.expr(right), body: stmts, span: cx.span(node) });
}

/**
 * `for layer in self.layers: x = layer(x)` over a ModuleList, Sequential or ModuleDict: the
 * body once per layer, in order, with the loop variable standing for that layer.
 */
function overLayers(cx: Context, left: PyNode, right: PyNode, body: PyNode, out: Stmt[]): boolean {
  const iterated = iteratedLayers(cx, right);
  if (!iterated) return false;
  const variable = iterated.pairs && left.type === 'pattern_list' ? named(left)[1] : left;
  if (!variable || variable.type !== 'identifier') return false;
  const name = cx.src(variable);
  for (const layer of iterated.layers) {
    cx.layers.set(name, layer);
    lowerBlock(cx, body.children, out);
  }
  cx.layers.delete(name);
  return true;
}

const MAIN_GUARD = /^__name__\s*==\s*(['"])__main__\1$/;

function ifStatement(cx: Context, node: PyNode, out: Stmt[]): void {
  const [condition] = named(node);
  const body = childOfType(node, 'block');
  if (!condition || !body) return;
  // The script's main block always runs.
  if (MAIN_GUARD.test(cx.src(condition))) {
    lowerBlock(cx, body.children, out);
    return;
  }
  const clauses = node.children.filter((c) => c.type === 'elif_clause' || c.type === 'else_clause');
  const stmts: Stmt[] = [];
  inBranch(cx, () => lowerBlock(cx, body.children, stmts));
  const orelse = elseBranch(cx, clauses, 0);
  if (cx.branches === 0) {
    for (const [name, layer] of cx.replacedInBranch) out.push({ kind: 'assign', target: { kind: 'name', name, span: layer.span }, op: '=', value: layerObject(layer), span: layer.span });
    cx.replacedInBranch.clear();
  }
  out.push({ kind: 'if', test: cx.expr(condition), body: stmts, orelse, span: cx.span(node) });
}

function inBranch(cx: Context, lower: () => void): void {
  cx.branches++;
  try {
    lower();
  } finally {
    cx.branches--;
  }
}

/** `elif` chains become nested IfStmts in `orelse`. */
function elseBranch(cx: Context, clauses: PyNode[], i: number): Stmt[] {
  const clause = clauses[i];
  if (!clause || headerHasError(clause)) return [];
  const body = childOfType(clause, 'block');
  const stmts: Stmt[] = [];
  if (body) inBranch(cx, () => lowerBlock(cx, body.children, stmts));
  if (clause.type === 'else_clause') return stmts;
  const [condition] = named(clause);
  if (!condition) return [];
  return [{ kind: 'if', test: cx.expr(condition), body: stmts, orelse: elseBranch(cx, clauses, i + 1), span: cx.span(clause) }];
}

/**
 * A function definition: its parameters, its head and its body (see DefStmt). Each
 * parameter is declared in the head: by its jaxtyping annotation, else by a shape comment
 * at the top of the body (`# x: (N, 1, 28, 28)`, which is then emitted where it stands), else
 * with unknown dims; a parameter with a default value is assigned it. `self` and `cls` are
 * not parameters of the computation. `above` are the comments just above a method.
 */
/** `f = lambda x, k=2: x * k` as `def f(x, k=2): return x * k`. */
function lambdaFunction(cx: Context, name: string, node: PyNode, stmt: PyNode): DefStmt {
  const parameters = childOfType(node, 'lambda_parameters');
  const body = named(node).filter((c) => c.type !== 'lambda_parameters').pop();
  const head: Stmt[] = [];
  const params: Param[] = [];
  if (parameters) for (const p of named(parameters)) parameter(cx, p, new Set(), head, params);
  const span = cx.span(stmt);
  const value: Expr = body ? cx.expr(body) : { kind: 'const', value: null, span };
  return { kind: 'def', name, params, head, body: [{ kind: 'expr', value, span: body ? cx.span(body) : span, isReturn: true }], span, bodyLine: cx.text.lastIndexOf('\n', node.start - 1) + 1 };
}

export function lowerFunction(cx: Context, node: PyNode, out: Stmt[], above: PyNode[] = []): void {
  const parameters = childOfType(node, 'parameters');
  const body = childOfType(node, 'block');
  const nameNode = childOfType(node, 'identifier');
  if (!body || !nameNode) return;
  const headComments = node.children.filter((c) => c.type === 'comment');
  const leading: PyNode[] = [...headComments];
  for (const c of body.children) {
    if (c.type !== 'comment') break;
    leading.push(c);
  }
  const declaredInComments = new Set(leading.flatMap((c) => commentDeclarations(cx.text, c).map((d) => d.name)));
  const head: Stmt[] = [];
  for (const c of above) head.push(...commentDeclarations(cx.text, c));
  const params: Param[] = [];
  if (parameters) for (const p of named(parameters)) parameter(cx, p, declaredInComments, head, params);
  for (const c of headComments) head.push(...commentDeclarations(cx.text, c));
  const stmts: Stmt[] = [];
  lowerBlock(cx, body.children, stmts);
  out.push({ kind: 'def', name: cx.src(nameNode), params, head, body: stmts, span: cx.span(node), bodyLine: cx.text.lastIndexOf('\n', body.start - 1) + 1 });
}

function parameter(cx: Context, node: PyNode, declaredInComments: Set<string>, out: Stmt[], params: Param[]): void {
  const span = cx.span(node);
  const parts = named(node);
  let nameNode: PyNode | undefined;
  let type: PyNode | undefined;
  let defaultValue: PyNode | undefined;
  switch (node.type) {
    case 'identifier':
      nameNode = node;
      break;
    case 'typed_parameter':
      [nameNode, type] = parts;
      break;
    case 'default_parameter':
      [nameNode, defaultValue] = parts;
      break;
    case 'typed_default_parameter':
      [nameNode, type, defaultValue] = parts;
      break;
    default:
      return; // *args, **kwargs, bare * and /
  }
  if (!nameNode || nameNode.type !== 'identifier') return;
  const name = cx.src(nameNode);
  if (name === 'self' || name === 'cls') return;
  params.push({ name, span });
  rememberParameter(cx, name, type);
  const declared = type ? annotationDims(cx.text, type) : null;
  if (declared) {
    const role = declared.integer ? 'labels' : roleFor(name, declared.dims);
    out.push({ kind: 'declare', name, dims: declared.dims, variadic: declared.variadic, role, source: 'annotation', span });
    return;
  }
  if (declaredInComments.has(name)) return;
  if (defaultValue) {
    out.push({ kind: 'assign', target: { kind: 'name', name, span: cx.span(nameNode) }, op: '=', value: cx.expr(defaultValue), span });
    return;
  }
  const decl: DeclareStmt = { kind: 'declare', name, dims: null, role: roleFor(name, null), source: 'parameter', span };
  out.push(decl);
}
