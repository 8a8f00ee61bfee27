import type { Layer, Occurrence } from '../analysis';
import { NO_ATTRS } from '../ir/graph';
import { LAYER_OPS, META_OPS, OPS, type OpSpec } from '../ir/ops';
import { leafModuleNamed } from '../ops/index';
import { type Problem, type ProblemCode, problem } from '../ir/problem';
import type { CallExpr, ClassStmt, DefStmt, Expr, IndexItem, InvokeExpr, Language, Program, Stmt, Target } from '../ir/program';
import type { LineIndex, Span } from '../ir/span';
import { Bindings } from '../shapes/bindings';
import { addDims, type Dim, divDims, floorDivDims, formatDim, formatShape, isPlainSymbol, mulDims, subDims } from '../shapes/dim';
import type { IndexSpec, SliceSpec } from '../shapes/rules/index';
import { type AttrValue, type Attrs, type DType, isFailure } from '../shapes/rules/types';
import { GraphBuilder } from './graph-builder';
import { expandLayer, layerRowOp } from './layers';
import { describeOperand, operandRelated, transposeFix } from './messages';
import { bindParameters, type Callable, isEntry, methodOf, unknownInputFix } from './calls';
import { readLiteral } from './literal';
import { Scope } from './scope';
import { listArithmetic, SEQUENCE_OPS, sequenceOf, sliceOfList } from './sequences';
import { type ClassValue, type FunctionValue, type InstanceValue, type NumberValue, type Origin, type TensorValue, UNKNOWN, type Value } from './values';

/** The first character of a let's name (⟨): no Python name starts with it. */
const LET_NAME_MARK = 0x27e8;

/** The attributes of the copy a call's result is received as (`logits, h = forward(X)`): the check reads h as the function's own. */
const RECEIVED: Readonly<Record<string, unknown>> = Object.freeze({ received: true });

/**
 * The attributes of the data a value becomes when part of it is overwritten with what Grad
 * Lens cannot read: the check evaluates it as data in the forward pass, and does not judge a
 * hand-written gradient built from it.
 */
const OVERWRITTEN: Readonly<Record<string, unknown>> = Object.freeze({ overwritten: true });

/** How many instances deep an attribute is looked for (`self.config.model.n_embd`). */
const MAX_ATTRIBUTE_CHAIN = 8;

/** Loops longer than this are traced once, with a warning, rather than unrolled (the default of gradLens.loopBudget). */
export const LOOP_UNROLL_BOUND = 64;

/**
 * Iterations unrolled in one trace, over all loops (two nested loops of 64 fit, exactly):
 * nested loops multiply, and four nested loops of 64 would run 16.7 million times and
 * exhaust the memory. Past it, loops are traced once as if they were too long.
 */
export const LOOP_UNROLL_BUDGET = 64 + 64 * 64;

/** Comparisons of Python numbers in a condition, by op (tensor comparisons) and by operator (`!=`, which has no op). */
const COMPARED: Readonly<Record<string, (a: number, b: number) => boolean>> = {
  eq: (a, b) => a === b, '==': (a, b) => a === b, '!=': (a, b) => a !== b,
  lt: (a, b) => a < b, le: (a, b) => a <= b, gt: (a, b) => a > b, ge: (a, b) => a >= b,
};

/** Elementwise binary ops: in math notation an undeclared operand takes its partner's shape. */
const ELEMENTWISE_PAIRS = new Set(['add', 'sub', 'mul', 'div']);

/** Calls followed inside one another; deeper ones (recursion) give unknown shapes. */
export const MAX_CALL_DEPTH = 16;

/**
 * Calls of user functions followed in one trace, over all of them (recursion that fans out),
 * or one per line of the analysed text when that is more: a long file of ordinary code is
 * followed to its end, and a call tree that grows faster than the code is still cut.
 */
export const CALL_BUDGET = 1000;

/** Calls a repeated problem lists in its related information; more would only bury the first. */
const MAX_CALLS_LISTED = 8;

const NONE: Value = { kind: 'const', value: null };

/** Where a problem's headline ends and the description of its operands begins. */
const HEADLINE_END = / — |, but /;

/** A name the front end made of a string key on a name: `conv_param['stride']`. */
const STRING_KEY = /^(.+)\['([^']*)'\]$/;

/** A call of a user function being followed. */
interface Frame {
  name: string;
  /** The call being followed; null when a function nobody calls is traced on its own. */
  call: Span | null;
  def: DefStmt;
  instance: InstanceValue | null;
  /** What `return` gave; a return inside a branch the trace cannot decide does not end the call. */
  result: Value | null;
  returned: boolean;
  /** Branches being traced whose condition is not known. */
  uncertain: number;
  /**
   * The sizes the symbols of the function's own declarations (`x: Float[Tensor, "b d"]`,
   * `# x: (n, d)`) stand for in this call: the first argument that meets a symbol gives it
   * its size here, and the others must agree with it.
   */
  sizes?: Map<string, Dim>;
}

/** Python arithmetic that folds to a number when every operand is one. */
const FOLDED_OPS = new Set(['add', 'sub', 'mul', 'div', 'pow', 'neg']);

export interface TraceOptions {
  language: Language;
  range?: Span;
  dims?: Record<string, number>;
  /** The longest loop unrolled; LOOP_UNROLL_BOUND when absent. */
  loopBudget?: number;
}

export interface Trace {
  graph: GraphBuilder['graph'];
  problems: Problem[];
  layers: Layer[];
  occurrences: Occurrence[];
  bindings: Bindings;
  /** Where each symbol was first met: a declaration, or a size written in the code. */
  symbols: Map<string, SymbolOrigin>;
}

export interface SymbolOrigin {
  span: Span;
  /** What introduced it, for a message: `the annotation of x`. */
  source: string;
}

/**
 * Runs a Program on shape values: every op's shape rule is applied, every tensor op is
 * recorded as a graph node, and what does not fit becomes a Problem at its span. The
 * trace never throws for bad input: unknown shapes propagate silently after the first
 * problem so one mistake gives one diagnostic.
 */
export class Tracer {
  readonly builder = new GraphBuilder();
  readonly bindings: Bindings;
  readonly problems: Problem[] = [];
  readonly layers: Layer[] = [];
  readonly occurrences: Occurrence[] = [];
  private readonly globals = new Scope();
  private env: Scope = this.globals;
  /** The library call (`F.mse_loss`) whose ops a let's body is running: its problems are said under its name. */
  private loweredCall: string | null = null;
  private readonly frames: Frame[] = [];
  /** Every function and class defined, in order, and how often each was called. */
  private readonly defined: (FunctionValue | ClassValue)[] = [];
  private readonly calls = new Map<DefStmt, number>();
  private readonly instances = new Map<ClassStmt, InstanceValue>();
  /** How many instances of each class the code made: more than one keeps their parameters apart. */
  private readonly instancesOf = new Map<ClassStmt, InstanceValue[]>();
  private readonly prefixes = new Map<InstanceValue, string | null>();
  private callsFollowed = 0;
  private readonly paramOwners = new Map<string, ClassStmt>();
  /** Models whose input's unknown shape was reported (once each). */
  private readonly unknownInputs = new Set<DefStmt>();
  private readonly reported = new Map<string, Problem>();
  /** Names defined nowhere that a problem already named: one diagnostic per name, whatever its uses. */
  private readonly undefinedSaid = new Set<string>();
  readonly symbols = new Map<string, SymbolOrigin>();
  private readonly assumed = new Set<string>();
  private readonly seenLayerRows = new Set<number>();
  /** Scratch for inputsOf, reused: a fresh array per assignment would reserve room for 17 names. */
  private readonly inputNames: string[] = [];
  private paramsCreated = 0;
  /** Loop iterations unrolled so far (LOOP_UNROLL_BUDGET), and the loops already reported as bounded. */
  private unrolled = 0;
  private readonly boundedLoops = new Set<number>();
  /** How many layers each construction has made where the code ran, for their parameters' names. */
  private readonly layerObjects = new Map<string, number>();
  /** Classes whose attributes are being read, so that one making its own class stops there. */
  private readonly attributesRead = new Set<ClassStmt>();
  private readonly ruleContext: { bindings: Bindings };

  constructor(
    readonly text: string,
    readonly lines: LineIndex,
    readonly options: TraceOptions,
  ) {
    this.bindings = new Bindings(options.dims ?? {});
    this.ruleContext = { bindings: this.bindings };
  }

  run(program: Program): Trace {
    this.execBlock(program.stmts);
    this.finish();
    return this.result();
  }

  /**
   * Traces on its own what no call reached: each function and method nobody called, with
   * its parameters as declared (unknown when nothing says), and a class nobody made an
   * instance of, from its `__init__`.
   */
  finish(): void {
    for (let i = 0; i < this.defined.length; i++) {
      const d = this.defined[i];
      try {
        if (d.kind === 'function') {
          if (!this.calls.get(d.def)) this.callFunction(d, null, null, [], {}, d.def.name);
          continue;
        }
        let instance = this.instances.get(d.def);
        if (!instance) {
          instance = this.newInstance(d.def);
          const scope = instance.scope as Scope;
          this.instances.set(d.def, instance);
          const init = methodOf(d.def, '__init__');
          if (init) this.callFunction({ kind: 'function', def: init, scope: this.globals }, instance, null, [], {}, `${d.def.name}.__init__`, scope);
        }
        // The model's entry first: the helpers it calls are then followed from it.
        const methods = [...d.def.methods].sort((a, b) => Number(isEntry(b)) - Number(isEntry(a)));
        for (const m of methods) {
          if (m.name !== '__init__' && !this.calls.get(m)) this.callFunction({ kind: 'function', def: m, scope: instance.scope }, instance, null, [], {}, `${d.def.name}.${m.name}`);
        }
      } catch (err) {
        this.report('internal-error', 'warning', d.def.span, `Grad Lens could not analyze this definition: ${(err as Error).message}`);
      }
    }
  }

  /**
   * Traces one statement, as a front end hands them over (FrontendOptions.onStatement); false,
   * tracing nothing, once statements lie past the analysed range.
   */
  step(stmt: Stmt): boolean {
    if (this.options.range && stmt.span.start >= this.options.range.end) return false;
    try {
      this.exec(stmt);
    } catch (err) {
      this.report('internal-error', 'warning', stmt.span, `Grad Lens could not analyze this statement: ${(err as Error).message}`);
    }
    return true;
  }

  /** What the statements traced so far gave. */
  result(): Trace {
    return { graph: this.builder.graph, problems: this.problems, layers: this.layers, occurrences: this.occurrences, bindings: this.bindings, symbols: this.symbols };
  }

  // ---- problems -------------------------------------------------------------------

  /**
   * One problem per cause: the same message at the same place again (another iteration of a
   * loop, another call of the function it is in) is not repeated; inside a function the
   * problem says which call it was found in, and the later calls that hit it too.
   */
  report(code: ProblemCode, severity: Problem['severity'], span: Span, message: string, related: Problem['related'] = [], fixes?: Problem['fixes']): void {
    // The headline, without the operands' description: the same shapes reached by another call
    // whose operands came from other lines (or, for a layer, any input it does not fit) are the same cause.
    const cut = HEADLINE_END.exec(message);
    const key = `${code} ${span.start} ${span.end} ${cut ? message.slice(0, cut.index) : message}`;
    const call = this.innermostCall();
    const existing = this.reported.get(key);
    if (existing) {
      if (call && existing.related.length < MAX_CALLS_LISTED && !existing.related.some((r) => r.span.start === call.call.start && r.span.end === call.call.end)) existing.related.push(this.callRelated(call));
      return;
    }
    const withCalls = call ? [...related, ...this.frames.filter((f) => f.call).reverse().map((f) => this.callRelated(f as Frame & { call: Span }))] : related;
    const p = problem(code, severity, span, message, withCalls, fixes);
    this.reported.set(key, p);
    this.problems.push(p);
  }

  private innermostCall(): (Frame & { call: Span }) | null {
    for (let i = this.frames.length - 1; i >= 0; i--) if (this.frames[i].call) return this.frames[i] as Frame & { call: Span };
    return null;
  }

  private callRelated(frame: Frame & { call: Span }): { span: Span; message: string } {
    return { span: frame.call, message: `in the call of ${frame.name} on ${this.lines.lineLabel(frame.call.start)}` };
  }

  // ---- statements ------------------------------------------------------------------

  private execBlock(stmts: Stmt[]): void {
    for (const stmt of stmts) {
      if (!this.step(stmt)) break;
      if (this.frames.length && this.frames[this.frames.length - 1].returned) break;
    }
  }

  private exec(stmt: Stmt): void {
    switch (stmt.kind) {
      case 'assign':
        if (stmt.size) return this.execSize(stmt);
        return this.execAssign(stmt.target, stmt.op, stmt.value, stmt.span, stmt.standsIn, stmt.derivation, stmt.accumulate);
      case 'declare':
        return this.execDeclare(stmt);
      case 'expr': {
        const value = this.evalExpr(stmt.value);
        if (stmt.isReturn && this.frames.length) this.returns(value);
        return;
      }
      case 'for':
        return this.execFor(stmt);
      case 'if':
        return this.execIf(stmt);
      case 'cycle':
        return;
      case 'def': {
        const fn: FunctionValue = { kind: 'function', def: stmt, scope: this.env };
        this.env.set(stmt.name, fn);
        this.defined.push(fn);
        return;
      }
      case 'class': {
        const cls: ClassValue = { kind: 'class', def: stmt };
        this.env.set(stmt.name, cls);
        this.defined.push(cls);
        return;
      }
    }
  }

  /**
   * The input of a model's forward (or call) has no known shape: one problem on the
   * parameter, with the shape comment its first layer implies as a quick fix. False when
   * the function is not such a method or no first layer says what to suggest.
   */
  private unknownInput(def: DefStmt, name: string, instance: InstanceValue, span: Span): boolean {
    const fix = unknownInputFix(this.text, def, name, instance.cls.methods);
    if (!fix) return false;
    if (this.unknownInputs.has(def)) return true;
    this.unknownInputs.add(def);
    const message = `The shape of \`${name}\` is not known, so the layers of ${instance.cls.name}.${def.name} are not checked: add a comment such as \`# ${name}: ${fix.shape}\` (the first layer implies it), or call the model with an input of known shape`;
    // Not inside the call: the problem is about the definition, whichever call reached it.
    this.problems.push(problem('unknown-shape', 'info', span, message, [], [fix.fix]));
    return true;
  }

  /** `return value`: ends the call, unless it is inside a branch the trace could not decide. */
  private returns(value: Value): void {
    const frame = this.frames[this.frames.length - 1];
    if (frame.uncertain > 0) {
      frame.result ??= value;
      return;
    }
    frame.result = value;
    frame.returned = true;
  }

  private execIf(stmt: Extract<Stmt, { kind: 'if' }>): void {
    const truth = this.truthOf(stmt.test);
    if (truth === true) return this.execBlock(stmt.body);
    if (truth === false) return this.execBlock(stmt.orelse);
    // Shapes rarely depend on the branch; tracing the first keeps one consistent path.
    const frame = this.frames.length ? this.frames[this.frames.length - 1] : null;
    if (frame) frame.uncertain++;
    try {
      this.execBlock(stmt.body);
    } finally {
      if (frame) frame.uncertain--;
    }
  }

  /**
   * A condition's value when the trace knows it: `y is None` / `y is not None` on a
   * parameter the call gave or left out. Otherwise it is evaluated for its shapes and the
   * answer is null.
   */
  private truthOf(test: Expr): boolean | null {
    if (test.kind === 'unsupported' && (test.text === 'is' || test.text === 'is not') && test.args.length === 2) {
      const right = test.args[1];
      if (right.kind !== 'const' || right.value !== null) return null;
      const frame = this.frames.length ? this.frames[this.frames.length - 1] : null;
      // On its own a function's optional inputs are neither given nor left out: both paths count.
      if (frame && !frame.call) return null;
      const left = test.args[0].kind === 'name' ? this.env.get(test.args[0].name) : undefined;
      if (left === undefined || left.kind === 'unknown') return null;
      const isNone = left.kind === 'const' && left.value === null;
      return test.text === 'is' ? isNone : !isNone;
    }
    const decided = this.numericTruth(test);
    if (decided !== undefined) return decided;
    this.evalExpr(test);
    return null;
  }

  /** A part of a condition: its truth when it is about numbers, else read for its problems and undecided. */
  private decided(part: Expr): boolean | null {
    const value = this.numericTruth(part);
    if (value !== undefined) return value;
    this.evalExpr(part);
    return null;
  }

  /**
   * A condition on Python numbers and flags (`stride != 1 or in_planes != planes`,
   * `not bias`, `i == 0`): its value when the numbers are known, null when they are not,
   * undefined when it is not such a condition (it is then evaluated as an expression).
   */
  private numericTruth(test: Expr): boolean | null | undefined {
    const logical = test.kind === 'unsupported' ? test.text : null;
    if (logical === 'or' || logical === 'and') {
      // A part that is not about numbers is still read, for its own problems, and left undecided.
      const parts = (test as Extract<Expr, { kind: 'unsupported' }>).args.map((a) => this.decided(a));
      if (parts.includes(logical === 'or')) return logical === 'or';
      return parts.includes(null) ? null : logical === 'and';
    }
    if (logical === 'not') {
      const inner = (test as Extract<Expr, { kind: 'unsupported' }>).args[0];
      const value = inner ? this.decided(inner) : null;
      return value === null ? null : !value;
    }
    const op = test.kind === 'call' ? test.op : logical;
    const operands = test.kind === 'call' || test.kind === 'unsupported' ? test.args : [];
    if (op && Object.hasOwn(COMPARED, op) && operands.length === 2) {
      const [a, b] = operands.map((e) => this.evalExpr(e));
      if (a.kind !== 'number' || b.kind !== 'number') return null;
      if (typeof a.value === 'number' && typeof b.value === 'number') return COMPARED[op](a.value, b.value);
      // The same size in symbols is equal to itself; anything else about symbols is not known.
      if (a.value === b.value && a.value !== '?') return op === 'eq' || op === '==' || op === 'le' || op === 'ge';
      return null;
    }
    if (test.kind === 'const' && typeof test.value === 'boolean') return test.value;
    if (test.kind === 'name') {
      const v = this.env.get(test.name);
      if (v?.kind === 'const') return v.value === true;
      if (v?.kind === 'number' && typeof v.value === 'number') return v.value !== 0;
    }
    return undefined;
  }

  private execDeclare(stmt: Extract<Stmt, { kind: 'declare' }>): void {
    const existing = this.env.getOwn(stmt.name) ?? (this.frames.length ? undefined : this.env.get(stmt.name));
    if (stmt.dims === null) {
      if (!existing) {
        const frame = this.frames.length ? this.frames[this.frames.length - 1] : null;
        // A class read on its own: its constructor's parameters are sizes and settings
        // (`Linear(n_embd, 3 * n_embd)`), kept as the symbols they are named by.
        if (frame && !frame.call && frame.instance && frame.def.name === '__init__') {
          this.env.set(stmt.name, { kind: 'undefined', name: stmt.name, span: stmt.span });
          return;
        }
        this.env.set(stmt.name, UNKNOWN);
        if (frame?.instance && !this.innermostCall() && this.unknownInput(frame.def, stmt.name, frame.instance, stmt.span)) return;
        this.report('unknown-shape', 'info', stmt.span, `The shape of \`${stmt.name}\` is not known: add a comment such as \`# ${stmt.name}: (N, 784)\` or a setting in gradLens.dims`);
      }
      return;
    }
    const source = `the ${stmt.source === 'parameter' ? 'declaration' : stmt.source} of ${stmt.name}`;
    const dims = stmt.dims.map((d) => this.declaredDim(d, source));
    if (existing && existing.kind === 'tensor') {
      this.assertDeclared(stmt.name, existing, expandVariadic(dims, stmt.variadic, existing.shape.length), stmt.span);
      return;
    }
    const role = stmt.role;
    const id = this.builder.leaf('placeholder', role === 'labels' ? 'labels' : 'data', role, dims, role === 'labels' ? 'int' : 'float', stmt.span);
    this.builder.name(id, stmt.name);
    const value: TensorValue = { kind: 'tensor', node: id, shape: dims, dtype: role === 'labels' ? 'int' : 'float', origin: { label: stmt.name, span: stmt.span, named: true } };
    this.env.set(stmt.name, value);
    this.occurrences.push({ span: stmt.span, name: stmt.name, shape: dims });
  }

  /** `N = D` or `N = 64` in a note (AssignStmt.size): the symbols become one size, or N gets its value. */
  private execSize(stmt: Extract<Stmt, { kind: 'assign' }>): void {
    if (stmt.target.kind !== 'name') return;
    const name = stmt.target.name;
    const value = this.declaredDim(stmt.value, `the note (${this.lines.lineLabel(stmt.span.start)})`);
    const conflict = (was: number | undefined, now: Dim) => {
      const src = this.bindings.sourceOf(name);
      this.report('symbol-conflict', 'error', stmt.span, `${name} = ${formatDim(now)} here, but ${name} is ${String(was)} from ${src?.source ?? 'earlier'}`, src?.span ? [{ span: src.span, message: `${name} = ${String(was)} here` }] : []);
    };
    if (typeof value === 'number') {
      const was = this.bindings.get(name);
      if (was !== undefined && was !== value) conflict(was, value);
      else this.bindings.bind(name, value, `the note (${this.lines.lineLabel(stmt.span.start)})`, stmt.span);
    } else if (isPlainSymbol(value) && value !== '?' && !this.bindings.equate(name, value)) {
      conflict(this.bindings.get(name), `${value} = ${String(this.bindings.get(value))}`);
    }
  }

  /** A declaration after the fact is an assertion: it binds symbols and flags disagreement. */
  private assertDeclared(name: string, actual: TensorValue, declared: Dim[], span: Span): void {
    const frame = this.frames.length ? this.frames[this.frames.length - 1] : null;
    const mismatch =
      declared.length !== actual.shape.length ||
      declared.some((d, i) => {
        const a = actual.shape[i];
        // In a call, a symbol of the function's own declarations is whatever size the call gives it.
        if (frame?.call && isPlainSymbol(d) && d !== '?') {
          frame.sizes ??= new Map();
          const given = frame.sizes.get(d);
          if (given === undefined) {
            frame.sizes.set(d, a);
            return false;
          }
          return !this.bindings.same(given, a);
        }
        if (isPlainSymbol(d) && d !== '?' && typeof a === 'number') {
          const bound = this.bindings.get(d);
          if (bound !== undefined && bound !== a) {
            const src = this.bindings.sourceOf(d);
            this.report('symbol-conflict', 'error', span, `${d} is ${bound} (from ${src?.source ?? 'earlier'}) but ${name} makes it ${a}`, src?.span ? [{ span: src.span, message: `${d} = ${bound} here` }] : []);
            return false;
          }
          this.bindings.bind(d, a, `${name} (${this.lines.lineLabel(span.start)})`, span);
          return false;
        }
        return d !== '?' && !this.bindings.same(d, a);
      });
    if (mismatch) {
      this.report('shape-mismatch', 'error', span, `${name} is declared ${formatShape(declared)} but is ${formatShape(actual.shape)}`, operandRelated([actual], span, this.lines));
    }
  }

  private execFor(stmt: Extract<Stmt, { kind: 'for' }>): void {
    const plan = this.loopPlan(stmt.iter, stmt.span, stmt.target.span);
    if (plan.items) {
      for (const item of plan.items) {
        this.bindTarget(stmt.target, item, stmt.span);
        this.execBlock(stmt.body);
        if (this.frames.length && this.frames[this.frames.length - 1].returned) break;
      }
      return;
    }
    this.bindTarget(stmt.target, plan.once, stmt.span);
    this.execBlock(stmt.body);
  }

  /** `[Block(d) for _ in range(n)]`: the body's values as a list, unrolled as a `for` is. */
  private evalComprehension(expr: Extract<Expr, { kind: 'comprehension' }>): Value {
    const plan = this.loopPlan(expr.iter, expr.span, expr.target.span);
    if (!plan.items) {
      // A list of a length not known: its body is still read once, for its own problems.
      this.bindTarget(expr.target, plan.once, expr.span);
      this.evalExpr(expr.body);
      return UNKNOWN;
    }
    const items: Value[] = [];
    for (const item of plan.items) {
      this.bindTarget(expr.target, item, expr.span);
      items.push(this.evalExpr(expr.body));
    }
    return { kind: 'tuple', items };
  }

  /**
   * What a loop binds in turn: every item when it can be unrolled (a range of known length
   * or a list, within the loop budget), else one stand-in item, the body being traced once
   * for shapes (said once per loop).
   */
  private loopPlan(iter: Expr, span: Span, targetSpan: Span): { items: Value[] } | { items: null; once: Value } {
    const bound = this.options.loopBudget ?? LOOP_UNROLL_BOUND;
    const { items, count, once } = sequenceOf(iter, (e) => this.evalExpr(e), targetSpan, Math.max(bound, LOOP_UNROLL_BUDGET));
    if (count === null && items === null) return { items: null, once };
    const short = typeof count === 'number' && count <= bound;
    if (short && items && this.unrolled + items.length <= LOOP_UNROLL_BUDGET) {
      this.unrolled += items.length;
      return { items };
    }
    if (count !== null && !this.boundedLoops.has(span.start)) {
      // Reported once, even for a loop inside another one.
      this.boundedLoops.add(span.start);
      const why = short ? `inside loops already unrolled ${this.unrolled} times` : '';
      this.report('loop-bound', 'info', span, `This loop runs ${String(count)} times${why ? ` ${why}` : ''}; Grad Lens traces its body once for shapes (unrolling is bounded at ${bound} per loop, gradLens.loopBudget, and ${LOOP_UNROLL_BUDGET} in all)`);
    }
    return { items: null, once };
  }

  /**
   * What a call of a user function returned, as the caller receives it: each tensor goes
   * through a copy spanning where the caller names it (the call, or the name in `a, b = f()`),
   * so that the value of `dW1` in `dx, dW1, db1 = affine_backward(...)` is found on that line.
   */
  private received(value: Value, target: Target, span: Span): Value {
    if (value.kind === 'tensor') {
      const id = this.builder.add('copy', [value.node], RECEIVED, value.shape, value.dtype, span);
      return { ...value, node: id };
    }
    if (value.kind === 'tuple' && target.kind === 'tuple') {
      return { kind: 'tuple', items: value.items.map((item, i) => (target.items[i] ? this.received(item, target.items[i], target.items[i].span) : item)) };
    }
    return value;
  }

  /**
   * The name a layer's parameters are kept under: its attribute name (`fc1`), or, for a layer
   * of the same name in another class, prefixed with that class (`Decoder.fc1`).
   */
  paramName(name: string): string {
    const frame = this.innermostInstance();
    if (!frame) return name;
    const owner = this.paramOwners.get(name);
    if (owner === undefined) this.paramOwners.set(name, frame.cls);
    return owner === undefined || owner === frame.cls ? name : `${frame.cls.name}.${name}`;
  }

  /** The graph name of a layer's parameter: `blocks.1.fc.weight` when its module is one of several of its class. */
  paramKey(name: string): string {
    const frame = this.innermostInstance();
    const prefix = frame ? this.instancePrefix(frame) : null;
    return prefix === null ? name : `${prefix}.${name}`;
  }

  /**
   * The prefix that keeps the parameters of one of several instances of a class apart
   * (`blocks.0`, `blocks.1` for a ModuleList of blocks, as PyTorch names them): decided at the
   * instance's first parameter and kept, null while its class has a single instance.
   */
  private instancePrefix(instance: InstanceValue): string | null {
    const known = this.prefixes.get(instance);
    if (known !== undefined) return known;
    const siblings = this.instancesOf.get(instance.cls)?.length ?? 1;
    const path = fullPath(instance);
    const prefix = siblings > 1 ? (path ?? `${instance.cls.name}${this.prefixes.size}`) : null;
    this.prefixes.set(instance, prefix);
    return prefix;
  }

  /** `self.blocks = nn.ModuleList([Block(d) ...])`, `enc = Block()`: each instance stored learns where it is kept. */
  private placeInstances(owner: InstanceValue | null, attribute: string, value: Value): void {
    // Relative to an owner still unplaced (being built); fullPath() adds the owner's place once known.
    const base = `${owner?.path ? `${owner.path}.` : ''}${attribute}`;
    const by = owner?.path ? (owner.owner ?? null) : owner;
    if (value.kind === 'instance') this.place(value, base, by);
    if (value.kind === 'tuple') value.items.forEach((item, i) => item.kind === 'instance' && this.place(item, `${base}.${i}`, by));
  }

  /**
   * An instance's path, once: its `self.W` tensors, named when `__init__` ran, take the path
   * (`blocks.1.W`) when it is one of several of its class, so that the check tells them apart.
   */
  private place(instance: InstanceValue, path: string, owner: InstanceValue | null): void {
    if (instance.path !== undefined) return;
    instance.path = path;
    instance.owner = owner;
    const siblings = this.instancesOf.get(instance.cls) ?? [];
    if (siblings.length < 2) return;
    for (const sibling of siblings) {
      if (sibling.path === undefined) continue;
      for (const [name, v] of sibling.scope.ownEntries()) {
        if (v.kind === 'tensor' && name.startsWith('self.') && this.builder.node(v.node).name === name) this.builder.name(v.node, this.instanceName(sibling, name));
      }
    }
  }

  /** `self.dW` in a method of one of several instances of a class with a path: `blocks.1.dW`. */
  private instanceName(instance: InstanceValue | null, name: string): string {
    const path = instance ? fullPath(instance) : undefined;
    if (!instance || !path || !name.startsWith('self.') || (this.instancesOf.get(instance.cls)?.length ?? 1) < 2) return name;
    return `${path}.${name.slice('self.'.length)}`;
  }

  private innermostInstance(): InstanceValue | null {
    for (let i = this.frames.length - 1; i >= 0; i--) if (this.frames[i].instance) return this.frames[i].instance;
    return null;
  }

  /** `self.h = ...` in a method sets the instance's attribute; any other name is local. */
  private assignName(name: string, value: Value): void {
    const frame = this.frames.length ? this.frames[this.frames.length - 1] : null;
    if (frame?.instance && name.startsWith('self.')) {
      frame.instance.scope.set(name, value);
      this.placeInstances(frame.instance, name.slice('self.'.length), value);
    } else {
      this.env.set(name, value);
      if (!frame) this.placeInstances(null, name, value);
    }
  }

  /** `derivation`: a line of a derivation in differentials, bound but not a layer (AssignStmt.derivation). */
  private execAssign(target: Target, op: string, valueExpr: Expr, span: Span, standsIn?: string, derivation = false, accumulate = false): void {
    const rowsBefore = this.paramsCreated;
    if (target.kind === 'index') {
      this.execIndexAssign(target, op, valueExpr, span, accumulate);
      return;
    }
    let value = this.evalExpr(valueExpr);
    if (valueExpr.kind === 'invoke' && op === '=') value = this.received(value, target, valueExpr.span);
    let rowOp: string | undefined;
    if (op !== '=' && target.kind === 'name') {
      const current = this.lookup(target.name, target.span);
      rowOp = ({ '+=': 'add', '-=': 'sub', '*=': 'mul', '/=': 'div' } as Record<string, string>)[op];
      value = this.applyOp(rowOp, [current, value], {}, span, [target.span, valueExpr.span], `${op}`);
    }
    // A call's layers count on their own lines, not again on the caller's.
    this.bindTarget(target, value, span, derivation ? undefined : valueExpr, valueExpr.kind === 'invoke' ? 0 : this.paramsCreated - rowsBefore, rowOp, standsIn, derivation);
  }

  private execIndexAssign(target: Extract<Target, { kind: 'index' }>, op: string, valueExpr: Expr, span: Span, accumulate = false): void {
    const base = this.lookup(target.name, target.span);
    let value = this.evalExpr(valueExpr);
    if (base.kind !== 'tensor') return;
    const { items, tensors } = this.evalIndexItems(target.items);
    if (tensors.some((t) => t.kind !== 'tensor')) return;
    value = this.toTensor(value, valueExpr.span);
    if (value.kind !== 'tensor') return this.overwrittenWithUnknown(target.name, base, span);
    const mode = accumulate ? 'accumulate' : op === '=' ? 'set' : ({ '+=': 'add', '-=': 'sub', '*=': 'mul', '/=': 'div' } as Record<string, string>)[op];
    const result = this.applySpec('index_update', OPS.index_update as OpSpec, [base, value, ...(tensors as TensorValue[])], { items: items as unknown as AttrValue, mode }, span, [target.span, valueExpr.span], accumulate ? 'np.add.at' : 'index assignment');
    if (result.kind === 'tensor') {
      const named: TensorValue = { ...result, origin: { label: target.name, span, named: true } };
      this.builder.name(result.node, target.name);
      this.assignName(target.name, named);
      this.addLayerRow(target.name, 'index_update', span, named, []);
    }
  }

  /**
   * `X[ix] = np.c_[...]` with a value Grad Lens could not read (said where it was): X keeps
   * its shape, but not the values it was created with. It becomes data of that shape, so
   * the check evaluates it at test values, as any input, rather than at its zeros (a
   * gradient overwritten so is not judged: sites.ts).
   */
  private overwrittenWithUnknown(name: string, base: TensorValue, span: Span): void {
    const id = this.builder.leaf('placeholder', 'data', 'input', base.shape, base.dtype, span, OVERWRITTEN);
    this.builder.name(id, name);
    this.assignName(name, { kind: 'tensor', node: id, shape: base.shape, dtype: base.dtype, origin: { label: name, span, named: true } });
  }

  /** `standsIn`: the value is bound under that name instead, and the target keeps its variable (AssignStmt.standsIn). */
  private bindTarget(target: Target, value: Value, span: Span, valueExpr?: Expr, params = 0, rowOp?: string, standsIn?: string, unseen = false): void {
    if (target.kind === 'name' && value.kind === 'dict' && !standsIn) {
      // `params = {'W1': ..., 'b1': ...}`: each entry is the variable `params['W1']`, as if assigned on its own.
      const items = valueExpr?.kind === 'dict' ? valueExpr.items : undefined;
      let i = 0;
      for (const [key, entry] of value.entries) {
        const itemExpr = items?.[i++];
        if (entry.kind === 'tensor') this.bindTarget({ kind: 'name', name: `${target.name}['${key}']`, span: itemExpr?.span ?? target.span }, entry, itemExpr?.span ?? span, itemExpr);
      }
    }
    if (target.kind === 'name') {
      let bound = value;
      if (value.kind === 'tensor') {
        bound = { kind: 'tensor', node: value.node, shape: value.shape, dtype: value.dtype, origin: { label: target.name, span, named: true, note: value.origin.note } };
        // "letting readoutX = x": in a note, a name for a named value is an alias; the value keeps its letter.
        const math = this.options.language === 'math';
        const alias = math && valueExpr?.kind === 'name' && this.builder.node(value.node).name !== undefined;
        if (alias) this.builder.alias(value.node, target.name);
        // A note that defines a name twice states one quantity two ways (an answer restating
        // the question, x = vec(X)): the loss and the variables are those of the first statement.
        else if (math && this.builder.graph.names.has(target.name)) this.builder.node(value.node).name = target.name;
        // Inside a function a local name (`x, w, b = cache`) does not rename the caller's tensors.
        else if (!standsIn && (!this.frames.length || this.builder.node(value.node).name === undefined)) this.builder.name(value.node, this.instanceName(this.frames.at(-1)?.instance ?? null, target.name));
      }
      this.assignName(standsIn ?? target.name, bound);
      if (!unseen) this.occurrences.push({ span: target.span, name: target.name, shape: bound.kind === 'tensor' ? bound.shape : bound.kind === 'number' ? [] : null });
      if (valueExpr && (bound.kind === 'tensor' || bound.kind === 'unknown')) {
        const op = rowOp ?? rowOpOf(valueExpr);
        this.addLayerRow(target.name, op, span, bound.kind === 'tensor' ? bound : null, this.inputsOf(valueExpr), params);
      }
      return;
    }
    if (target.kind === 'tuple') {
      const items = value.kind === 'tuple' ? value.items : [];
      // A library op's pieces are counted (`a, b = x.split(3, dim=1)` of 7 columns makes 3): Python raises on a different count.
      if (valueExpr?.kind === 'call' && value.kind === 'tuple' && items.length !== target.items.length) {
        this.report('shape-mismatch', 'error', span, `${valueExpr.callee} gives ${items.length} pieces, unpacked into ${target.items.length} names`);
      }
      // Each tensor unpacked from a call's result gets its row: `a1, cache = affine_forward(...)`,
      // `out, (h, c) = self.lstm(x)`, `q, k, v = qkv.split(C, dim=2)`.
      const rowed = valueExpr?.kind === 'invoke' || valueExpr?.kind === 'call' ? valueExpr : undefined;
      target.items.forEach((t, i) => {
        const item = items[i] ?? UNKNOWN;
        if (rowed && t.kind === 'tuple') return this.bindTarget(t, item, span, rowed);
        this.bindTarget(t, item, span, undefined);
        // A layer's parameters count once, on the row of its first output.
        if (rowed && t.kind === 'name' && item.kind === 'tensor') this.addLayerRow(t.name, rowOpOf(rowed), t.span, item, this.inputsOf(rowed), i === 0 ? params : 0);
      });
      return;
    }
  }

  /** The tensors an assignment's expression reads, each once, in the order they first appear. */
  private inputsOf(expr: Expr): { name: string; shape: Dim[] | null }[] {
    const names = this.inputNames;
    names.length = 0;
    this.collectNames(expr, names);
    let count = 0;
    for (let i = 0; i < names.length; i++) {
      if (names.indexOf(names[i]) === i && this.env.get(names[i])?.kind === 'tensor') names[count++] = names[i];
    }
    // Made at their exact size, as the layer table keeps them.
    const inputs = new Array<{ name: string; shape: Dim[] | null }>(count);
    for (let i = 0; i < count; i++) inputs[i] = { name: names[i], shape: (this.env.get(names[i]) as TensorValue).shape };
    return inputs;
  }

  private collectNames(e: Expr, into: string[]): void {
    if (e.kind === 'name') into.push(e.name);
    else if (e.kind === 'call') for (const a of e.args) this.collectNames(a, into);
    else if (e.kind === 'index') this.collectNames(e.target, into);
    else if (e.kind === 'tuple') for (const item of e.items) this.collectNames(item, into);
  }

  private addLayerRow(name: string, op: string, span: Span, value: TensorValue | null, inputs: Layer['inputs'], params = 0): void {
    if (this.seenLayerRows.has(span.start)) return;
    this.seenLayerRows.add(span.start);
    this.layers.push({ name, op, span, line: this.lines.lineOf(span.start), shape: value ? value.shape : null, inputs, params: params || null });
  }

  // ---- expressions -----------------------------------------------------------------

  evalExpr(expr: Expr): Value {
    switch (expr.kind) {
      case 'num':
        return { kind: 'number', value: expr.value, span: expr.span };
      case 'str':
        return { kind: 'str', value: expr.value };
      case 'const':
        return { kind: 'const', value: expr.value };
      case 'name': {
        const v = this.env.get(expr.name) ?? this.dictEntry(expr.name, expr.span) ?? this.attributeOf(expr.name);
        if (!v) return { kind: 'undefined', name: expr.name, span: expr.span };
        // A let's name is not written in the code: hovering the argument it stands for says nothing of it.
        if (expr.name.charCodeAt(0) === LET_NAME_MARK) return v;
        this.occurrences.push({ span: expr.span, name: expr.name, shape: v.kind === 'tensor' ? v.shape : v.kind === 'number' ? [] : null });
        return v;
      }
      case 'tuple':
        return { kind: 'tuple', items: expr.items.map((e) => this.evalExpr(e)) };
      case 'comprehension':
        return this.evalComprehension(expr);
      case 'dict':
        return { kind: 'dict', entries: new Map(expr.keys.map((k, i) => [k, this.evalExpr(expr.items[i])])) };
      case 'index':
        return this.evalIndex(expr);
      case 'unsupported': {
        expr.args.forEach((a) => this.evalExpr(a));
        if (this.isMethodOfUnknown(expr.text)) return UNKNOWN;
        this.report('unsupported-op', 'warning', expr.span, `Grad Lens does not know \`${expr.text}\`; the shapes that depend on it are unknown`);
        return UNKNOWN;
      }
      case 'call':
        return this.evalCall(expr);
      case 'invoke':
        return this.evalInvoke(expr);
    }
  }

  /**
   * `classname.find('Conv')` where `classname` is unknown, or an attribute of something
   * unknown (`m.__class__.__name__` of a parameter without a shape): a method Grad Lens does
   * not know adds nothing to what was said where the value became unknown.
   */
  private isMethodOfUnknown(dotted: string): boolean {
    const dot = dotted.lastIndexOf('.');
    const receiver = dot > 0 ? this.env.get(dotted.slice(0, dot)) : undefined;
    if (receiver?.kind === 'undefined') return this.env.get(receiver.name.split('.')[0])?.kind === 'unknown';
    return receiver?.kind === 'unknown';
  }

  // ---- user functions, classes and instances -----------------------------------------------

  private evalInvoke(expr: InvokeExpr): Value {
    const args = expr.args.map((a) => this.evalExpr(a));
    const kwargs: Record<string, Value> = {};
    for (const k in expr.kwargs) kwargs[k] = this.evalExpr(expr.kwargs[k]);
    const entry = this.dictGet(expr.name, args);
    if (entry) return entry;
    const held = this.env.get(expr.name) ?? this.attributeOf(expr.name);
    if (held?.kind === 'layer' || (held?.kind === 'tuple' && held.sequential)) return this.applyModule(held, args, kwargs, expr.span, expr.name);
    const callee = this.callable(expr.name);
    // A layer object that was not understood where it was made: reported there, once.
    if (!callee && this.env.get(expr.name)?.kind === 'unknown') return UNKNOWN;
    if (!callee && this.isMethodOfUnknown(expr.name)) return UNKNOWN;
    if (!callee) {
      this.report('unsupported-op', 'warning', expr.span, `Grad Lens does not know \`${expr.name}\`; the shapes that depend on it are unknown`);
      return UNKNOWN;
    }
    if (callee.kind === 'class') {
      const instance = this.newInstance(callee.cls);
      const scope = instance.scope as Scope;
      if (!this.instances.has(callee.cls)) this.instances.set(callee.cls, instance);
      this.instancesOf.set(callee.cls, [...(this.instancesOf.get(callee.cls) ?? []), instance]);
      const init = methodOf(callee.cls, '__init__');
      if (init) this.callFunction({ kind: 'function', def: init, scope: this.globals }, instance, expr.span, args, kwargs, `${callee.cls.name}.__init__`, scope);
      return instance;
    }
    return this.callFunction(callee.fn, callee.self, expr.span, args, kwargs, callee.name);
  }

  /**
   * `Bottleneck.expansion`: an attribute of a class, read off its body. `config.n_embd`,
   * `self.config.n_embd`: an attribute of an instance (a configuration object built from a
   * class or dataclass), which lives in its scope as `self.n_embd`.
   */
  private attributeOf(name: string, scope: Scope = this.env, depth = 0): Value | undefined {
    // An instance's scope holds `self` (its `__init__` ran there): a chain of them is followed a few levels at most.
    if (depth > MAX_ATTRIBUTE_CHAIN) return undefined;
    for (let dot = name.lastIndexOf('.'); dot > 0; dot = name.lastIndexOf('.', dot - 1)) {
      const owner = scope.get(name.slice(0, dot));
      if (owner === undefined) continue;
      const rest = name.slice(dot + 1);
      // `self.transformer.wte`: an entry of a ModuleDict read as a dict.
      if (owner.kind === 'dict') return rest.includes('.') ? undefined : owner.entries.get(rest);
      if (owner.kind === 'class' && !rest.includes('.')) {
        const attribute = owner.def.attributes?.find((a) => a.name === rest);
        return attribute ? this.evalExpr(attribute.value) : undefined;
      }
      if (owner.kind !== 'instance') return undefined;
      const own = owner.scope as Scope;
      return own.getOwn(`self.${rest}`) ?? (rest.includes('.') ? this.attributeOf(`self.${rest}`, own, depth + 1) : undefined);
    }
    return undefined;
  }

  /** An instance before its `__init__`: the class's attributes (`expansion = 4`) are already `self.expansion`. */
  private newInstance(cls: ClassStmt): InstanceValue {
    const scope = new Scope(this.globals);
    // A class attribute that makes an instance of its own class (`model = Net()` indented into
    // Net's body) would make one forever: inside that, the attributes are unknown.
    const reading = this.attributesRead.has(cls);
    this.attributesRead.add(cls);
    try {
      for (const a of cls.attributes ?? []) scope.set(`self.${a.name}`, reading ? UNKNOWN : this.evalExpr(a.value));
    } finally {
      if (!reading) this.attributesRead.delete(cls);
    }
    // `path` is set later, where the instance is stored; made here so that every instance has one shape for V8.
    return { kind: 'instance', cls, scope, path: undefined };
  }

  /** What a called name is: a function, a class, an instance's `forward`/`call`, a method. */
  private callable(name: string): Callable | null {
    const v = this.env.get(name);
    if (v?.kind === 'function') return { kind: 'function', fn: v, self: null, name };
    if (v?.kind === 'class') return { kind: 'class', cls: v.def };
    if (v?.kind === 'instance') {
      const method = methodOf(v.cls, 'forward') ?? methodOf(v.cls, 'call') ?? methodOf(v.cls, '__call__');
      return method ? { kind: 'function', fn: { kind: 'function', def: method, scope: v.scope }, self: v, name: `${v.cls.name}.${method.name}` } : null;
    }
    const dot = name.lastIndexOf('.');
    if (v !== undefined || dot <= 0) return null;
    const owner = this.env.get(name.slice(0, dot));
    const method = owner?.kind === 'instance' ? methodOf(owner.cls, name.slice(dot + 1)) : undefined;
    if (!method || owner?.kind !== 'instance') return null;
    return { kind: 'function', fn: { kind: 'function', def: method, scope: owner.scope }, self: owner, name: `${owner.cls.name}.${method.name}` };
  }

  /**
   * Follows a function's body with its parameters bound to the call's arguments (`call`
   * null: on its own, parameters as declared), in a scope of its own (`into`: the instance
   * scope `__init__` fills). Returns what it returned; None without a return.
   */
  private callFunction(fn: FunctionValue, self: InstanceValue | null, call: Span | null, args: Value[], kwargs: Record<string, Value>, name: string, into?: Scope): Value {
    const def = fn.def;
    this.calls.set(def, (this.calls.get(def) ?? 0) + 1);
    if (this.frames.length >= MAX_CALL_DEPTH) {
      this.report('loop-bound', 'warning', call ?? def.span, `Calls nested more than ${MAX_CALL_DEPTH} deep (recursion?): Grad Lens does not follow ${name} here, and the shapes that depend on it are unknown`);
      return UNKNOWN;
    }
    const budget = Math.max(CALL_BUDGET, this.lines.lineCount);
    if (++this.callsFollowed > budget) {
      // Said once, where the budget ran out: every call after it is cut for the same reason.
      if (this.callsFollowed === budget + 1) {
        this.report('loop-bound', 'warning', call ?? def.span, `Grad Lens follows at most ${budget} calls of functions in one analysis; ${name} is not followed here, nor any call after it, and the shapes that depend on them are unknown`);
      }
      return UNKNOWN;
    }
    const scope = into ?? new Scope(fn.scope as Scope);
    if (self) scope.set('self', self);
    const bound = call ? bindParameters(def, args, kwargs, (name, value) => scope.set(name, value)) : new Set<string>();
    // A model called with an input whose shape is not known: said once, on its forward.
    const input = def.params[0]?.name;
    if (call && self && isEntry(def) && input && bound.has(input) && isUnknown(scope.getOwn(input))) this.unknownInput(def, input, self, def.params[0].span);
    const frame: Frame = { name, call, def, instance: self, result: null, returned: false, uncertain: 0 };
    const outer = this.env;
    this.frames.push(frame);
    this.env = scope;
    try {
      for (const stmt of def.head) {
        // A default is for a parameter the call left out.
        if (stmt.kind === 'assign' && stmt.target.kind === 'name' && bound.has(stmt.target.name)) continue;
        this.step(stmt);
      }
      this.execBlock(def.body);
    } finally {
      this.env = outer;
      this.frames.pop();
    }
    return frame.result ?? NONE;
  }

  /**
   * `conv_param['stride']` when no value was assigned under that name itself: the entry of
   * the dict `conv_param` holds (the front end keeps a string key on a name as one name).
   */
  private dictEntry(name: string, span: Span): Value | undefined {
    const key = STRING_KEY.exec(name);
    if (!key) return undefined;
    const dict = this.env.get(key[1]);
    if (dict?.kind !== 'dict') return undefined;
    const entry = dict.entries.get(key[2]);
    if (entry) return entry;
    const keys = [...dict.entries.keys()].map((k) => `'${k}'`).join(', ');
    this.report('undefined-name', 'error', span, `\`${key[1]}\` has no key '${key[2]}' (its keys: ${keys}); the shapes that depend on it are unknown`);
    return UNKNOWN;
  }

  /**
   * `bn_param.get('eps', 1e-5)`: the entry assigned under that key (`bn_param['eps'] = ...`,
   * or in the dict's literal), else the default, else None. Null when `name` is no such call.
   */
  private dictGet(name: string, args: Value[]): Value | null {
    if (!name.endsWith('.get') || args[0]?.kind !== 'str' || args.length > 2) return null;
    const owner = name.slice(0, -'.get'.length);
    const dict = this.env.get(owner);
    const assigned = this.env.get(`${owner}['${args[0].value}']`);
    if (dict?.kind !== 'dict' && !assigned) return null;
    return assigned ?? (dict?.kind === 'dict' ? dict.entries.get(args[0].value) : undefined) ?? args[1] ?? NONE;
  }

  /** A name used as an array: its value, or, defined nowhere, unknown from here on (said once). */
  private lookup(name: string, span: Span): Value {
    const v = this.env.get(name) ?? this.attributeOf(name);
    if (v) return v;
    const hint = this.options.language === 'math' ? `a declaration such as \`${name}: N x 10\`` : `a comment such as \`# ${name}: (N, 10)\``;
    if (!this.undefinedSaid.has(name)) {
      this.undefinedSaid.add(name);
      this.report('undefined-name', 'warning', span, `\`${name}\` is not defined in the analyzed code, so the shapes computed from it are unknown; declare its shape with ${hint}`);
    }
    this.env.set(name, UNKNOWN);
    return UNKNOWN;
  }

  private evalCall(call: CallExpr): Value {
    // `2 if bilinear else 1`: a condition on Python numbers and flags picks its branch, whatever it holds.
    if (call.op === 'where' && call.callee === 'if' && call.args.length === 3) {
      const truth = this.numericTruth(call.args[0]);
      if (truth === true || truth === false) return this.evalExpr(call.args[truth ? 1 : 2]);
    }
    if (call.op === 'array') return this.evalArray(call);
    if (call.op === 'let') return this.evalLet(call);
    if (META_OPS.has(call.op)) return this.evalMeta(call);
    if (SEQUENCE_OPS.has(call.op)) {
      // `list(reversed(xs))`, `dict(zip(keys, values))`: the items when they can be listed.
      const { items } = sequenceOf(call, (e) => this.evalExpr(e), call.span, LOOP_UNROLL_BUDGET);
      return items ? { kind: 'tuple', items } : UNKNOWN;
    }
    if (call.op === 'list_append' || call.op === 'list_extend') return this.grownList(call);
    if (call.op === 'layer_object') return this.layerObject(call);
    if (call.op === 'sequential') {
      // Lists among the modules (`nn.Sequential(*layers)`) are spliced in.
      const given = call.args[0]?.kind === 'tuple' ? call.args[0].items.map((e) => this.evalExpr(e)) : [];
      return { kind: 'tuple', items: given.flatMap((v) => (v.kind === 'tuple' && !v.sequential ? v.items : [v])), sequential: true };
    }
    if (LAYER_OPS.has(call.op)) {
      const args = call.args.map((a) => this.evalExpr(a));
      const kwargs: Record<string, Value> = {};
      for (const [k, e] of Object.entries(call.kwargs)) kwargs[k] = this.evalExpr(e);
      if (call.fresh) this.nameNewLayer(kwargs);
      const before = this.builder.graph.nodes.length;
      const result = expandLayer(this, call, args, kwargs);
      this.paramsCreated += this.countNewParams(before);
      return result;
    }
    const spec = OPS[call.op as keyof typeof OPS];
    if (!spec) {
      call.args.forEach((a) => this.evalExpr(a));
      this.report('unsupported-op', 'warning', call.span, `Grad Lens does not know \`${call.callee}\`; the shapes that depend on it are unknown`);
      return UNKNOWN;
    }
    // Arguments by parameter, in the order written: positional ones under the spec's names
    // (or argN past them), then keywords, a keyword naming a positional one replacing it.
    // Arrays of the exact size: pushing into empty ones would reserve room for 17 in each.
    let size = call.args.length;
    for (const _ in call.kwargs) size++;
    const keys = new Array<string>(size);
    const values = new Array<Value>(size);
    const spans = new Array<Span>(size);
    let count = 0;
    for (; count < call.args.length; count++) {
      const a = call.args[count];
      keys[count] = spec.params[count] ?? `arg${count}`;
      values[count] = this.evalExpr(a);
      spans[count] = a.span;
    }
    for (const k in call.kwargs) {
      const e = call.kwargs[k];
      const value = this.evalExpr(e);
      const replaced = keys.indexOf(k);
      const at = replaced >= 0 ? replaced : count++;
      keys[at] = k;
      values[at] = value;
      spans[at] = e.span;
    }
    keys.length = values.length = spans.length = count;

    // Python arithmetic on numbers folds to a number (`7 * 7 * 64`, `N // 2`).
    const folded = this.foldNumbers(call, keys, values);
    if (folded) return folded;
    const listed = listArithmetic(call.op, values);
    if (listed) return listed;

    // The first `tensors` parameters are the inputs (or the tuple in the first one); the rest are attributes.
    const tensorCount = spec.tensors === 'tuple' ? 1 : spec.tensors;
    let inputs: Value[];
    let inputSpans: Span[];
    if (spec.tensors === 'tuple') {
      const at = keys.indexOf(spec.params[0]);
      const tuple = at >= 0 ? values[at] : undefined;
      // A list whose length is not known (reported where it was made) gives an unknown result.
      if (tuple?.kind === 'unknown') return UNKNOWN;
      inputs = tuple && tuple.kind === 'tuple' ? tuple.items : [];
      inputSpans = inputs.map(() => call.span);
    } else {
      inputs = new Array<Value>(tensorCount);
      inputSpans = new Array<Span>(tensorCount);
      for (let i = 0; i < tensorCount; i++) {
        const at = keys.indexOf(spec.params[i]);
        inputs[i] = at >= 0 ? values[at] : UNKNOWN;
        inputSpans[i] = at >= 0 ? spans[at] : call.span;
      }
    }
    // The spec's defaults are shared and only read: a call without attribute arguments (most
    // arithmetic) uses them as they are; applySpec gives each node its own copy.
    const shared: Attrs = spec.defaults ?? (NO_ATTRS as Attrs);
    let attrs = shared;
    for (let j = 0; j < keys.length; j++) {
      const param = spec.params.indexOf(keys[j]);
      if (param >= 0 && param < tensorCount) continue;
      // A shape holding something of unknown shape (`*out.shape` of an unknown out) is unknown, not ().
      if (keys[j] === 'shape' && holdsUnknown(values[j])) return UNKNOWN;
      if (attrs === shared) attrs = { ...shared };
      attrs[keys[j]] = this.toAttr(values[j]);
    }
    return this.applyOp(call.op, inputs, attrs, call.span, inputSpans, call.callee);
  }

  /**
   * `let(value, body, name=⟨x⟩)`: the value once, seen under its name by the body only, so
   * an argument a lowered library call uses several times is one node (and one draw).
   */
  private evalLet(call: CallExpr): Value {
    const [valueExpr, body] = call.args;
    const name = call.kwargs.name;
    if (!valueExpr || !body || name?.kind !== 'str') return UNKNOWN;
    const value = this.evalExpr(valueExpr);
    const [outer, outerCall] = [this.env, this.loweredCall];
    this.env = new Scope(outer);
    this.env.set(name.value, value);
    this.loweredCall = call.callee;
    try {
      return this.evalExpr(body);
    } finally {
      this.env = outer;
      this.loweredCall = outerCall;
    }
  }

  /**
   * `np.array(data)`, `torch.tensor(data)`, `tf.constant(data)`: a nested list of numbers is a
   * leaf holding those values (so a check that reads it is exact); lists of tensors are
   * stacked; a tensor is handed through; a ragged list is a problem.
   */
  private evalArray(call: CallExpr): Value {
    const data = call.args[0] ? this.evalExpr(call.args[0]) : UNKNOWN;
    const dtypeArg = call.kwargs.dtype;
    const dtype = dtypeArg?.kind === 'str' && (dtypeArg.value === 'float' || dtypeArg.value === 'int' || dtypeArg.value === 'bool') ? dtypeArg.value : undefined;
    return this.arrayOf(data, call, dtype);
  }

  private arrayOf(data: Value, call: CallExpr, dtype: DType | undefined): Value {
    if (data.kind === 'tensor') return data;
    const literal = readLiteral(data, (n) => this.text.slice(n.span.start, n.span.end));
    if (literal?.kind === 'ragged') {
      this.report('shape-mismatch', 'error', call.span, `${call.callee}: the list is ragged (${literal.detail}), so it is not an array: every item must have the same shape`);
      return UNKNOWN;
    }
    if (literal) {
      const type = dtype ?? literal.dtype;
      const id = this.builder.leaf('array', 'values', 'constant', literal.shape, type, call.span, { values: literal.values });
      return { kind: 'tensor', node: id, shape: literal.shape, dtype: type, origin: sourceOrigin(this.text, call.span) };
    }
    if (data.kind !== 'tuple') {
      if (data.kind === 'undefined') this.lookup(data.name, data.span);
      return UNKNOWN;
    }
    // Tensors among the items: each item an array, then stacked along a new first axis.
    const items = data.items.map((item) => this.arrayOf(item, call, dtype));
    if (items.some((t) => t.kind !== 'tensor')) return UNKNOWN;
    return this.applySpec('stack', OPS.stack as OpSpec, items as TensorValue[], { axis: 0 }, call.span, items.map(() => call.span), call.callee);
  }

  private countNewParams(before: number): number {
    let n = 0;
    for (const node of this.builder.graph.nodes.slice(before)) {
      if (node.leaf?.role === 'param') n += node.shape.reduce<number>((p, d) => p * (typeof d === 'number' ? d : 0), 1);
    }
    return n;
  }

  private foldNumbers(call: CallExpr, keys: string[], values: Value[]): NumberValue | null {
    if (!FOLDED_OPS.has(call.op)) return null;
    // `floor` (Python's //) is an attribute, not an operand.
    const floor = call.kwargs.floor !== undefined || call.callee === '//';
    let args = keys.includes('floor') ? values.filter((_, j) => keys[j] !== 'floor') : values;
    // `D // 4` with D defined nowhere divides a size: D is a symbol, as in a shape. (Other
    // operators on an undefined name may be tensor arithmetic, which must say it is undefined.)
    if (floor && args.some((a) => a.kind === 'undefined') && args.every((a) => a.kind === 'number' || a.kind === 'undefined')) {
      args = args.map((a) => (a.kind === 'undefined' ? { kind: 'number', value: this.dimOf(a), span: a.span } : a));
    }
    if (args.length === 0 || !args.every((a) => a.kind === 'number')) return null;
    const [a, b] = args.map((x) => (x as NumberValue).value);
    let value: Dim = '?';
    if (typeof a === 'number' && (b === undefined || typeof b === 'number')) {
      const y = b as number;
      value = call.op === 'add' ? a + y : call.op === 'sub' ? a - y : call.op === 'mul' ? a * y : call.op === 'pow' ? a ** y : call.op === 'neg' ? -a : floor ? Math.floor(a / y) : a / y;
    } else if (b !== undefined && !isUnknownDim(a) && !isUnknownDim(b)) {
      // Sizes computed from symbols stay exact expressions: C // n_head, 2 * C, T - 1.
      if (call.op === 'mul') value = mulDims(a, b);
      else if (call.op === 'add') value = addDims(a, b);
      else if (call.op === 'sub') value = subDims(a, b);
      else if (call.op === 'div') value = (floor ? floorDivDims(a, b) : divDims(a, b)) ?? '?';
    }
    return { kind: 'number', value, span: call.span };
  }

  /**
   * A layer made where the code runs: its constructor's arguments evaluated now, and a name
   * of its own for its parameters (the second `nn.Linear` made by one line is `linear_2`).
   */
  private layerObject(call: CallExpr): Value {
    const made = call.args[0];
    if (made?.kind !== 'call') return UNKNOWN;
    const inputs = made.args.findIndex((a) => !(a.kind === 'const' && a.value === null));
    const holes = inputs < 0 ? made.args.length : inputs;
    const args = made.args.map((a, i): Value => (i < holes ? UNKNOWN : this.evalExpr(a)));
    const kwargs: Record<string, Value> = {};
    for (const [k, e] of Object.entries(made.kwargs)) kwargs[k] = this.evalExpr(e);
    this.nameNewLayer(kwargs);
    return { kind: 'layer', call: made, inputs: holes, args, kwargs };
  }

  /**
   * A layer made anew each time its line runs gets a name of its own from the second time on
   * (`conv2d.2`: a dot, which no written or Keras-counted name has), so it gets its own parameters.
   */
  private nameNewLayer(kwargs: Record<string, Value>): void {
    const name = kwargs.name?.kind === 'str' ? kwargs.name.value : null;
    if (name === null) return;
    const n = (this.layerObjects.get(name) ?? 0) + 1;
    this.layerObjects.set(name, n);
    if (n > 1) kwargs.name = { kind: 'str', value: `${name}.${n}` };
  }

  /** Calls a module held as a value: a layer made where the code ran, a Sequential of them, an instance, a function. */
  private applyModule(module: Value, args: Value[], kwargs: Record<string, Value>, span: Span, name: string): Value {
    switch (module.kind) {
      case 'layer': {
        if (!LAYER_OPS.has(module.call.op)) {
          // An activation, a dropout, a flatten: the graph op, its inputs bound where it is applied.
          const inputs = args.slice(0, module.inputs).map((v, i): Expr => {
            const held = `${name}·input${i}`;
            this.env.set(held, v);
            return { kind: 'name', name: held, span };
          });
          return this.evalCall({ ...module.call, span, args: [...inputs, ...module.call.args.slice(module.inputs)] });
        }
        const call: CallExpr = { ...module.call, span };
        const before = this.builder.graph.nodes.length;
        const result = expandLayer(this, call, [...args.slice(0, module.inputs), ...module.args.slice(Math.min(args.length, module.inputs))], { ...module.kwargs, ...kwargs });
        this.paramsCreated += this.countNewParams(before);
        return result;
      }
      case 'tuple': {
        if (!module.sequential) return UNKNOWN;
        let x: Value = args[0] ?? UNKNOWN;
        for (const item of module.items) x = this.applyModule(item, [x], {}, span, name);
        return x;
      }
      case 'instance': {
        const method = methodOf(module.cls, 'forward') ?? methodOf(module.cls, 'call') ?? methodOf(module.cls, '__call__');
        return method ? this.callFunction({ kind: 'function', def: method, scope: module.scope }, module, span, args, kwargs, `${module.cls.name}.${method.name}`) : UNKNOWN;
      }
      case 'function':
        return this.callFunction(module, null, span, args, kwargs, name);
      default:
        return UNKNOWN;
    }
  }

  /** `xs.append(x)`, `xs.extend(ys)` on a list; on anything else the name keeps its value. */
  private grownList(call: CallExpr): Value {
    const [list, more] = call.args.map((a) => this.evalExpr(a));
    if (list.kind !== 'tuple') return list;
    if (call.op === 'list_append') return { kind: 'tuple', items: [...list.items, more] };
    return more.kind === 'tuple' ? { kind: 'tuple', items: [...list.items, ...more.items] } : UNKNOWN;
  }

  private evalMeta(call: CallExpr): Value {
    const x = call.args[0] ? this.evalExpr(call.args[0]) : UNKNOWN;
    if (x.kind !== 'tensor') return call.op === 'dim' ? { kind: 'number', value: '?', span: call.span } : UNKNOWN;
    if (call.op === 'shape') return { kind: 'tuple', items: x.shape.map((d) => ({ kind: 'number', value: d, span: call.span })) };
    const axisValue = call.args[1] ? this.evalExpr(call.args[1]) : (call.kwargs.axis ? this.evalExpr(call.kwargs.axis) : { kind: 'number', value: 0, span: call.span });
    const axis = axisValue.kind === 'number' && typeof axisValue.value === 'number' ? axisValue.value : 0;
    const d = x.shape[axis < 0 ? axis + x.shape.length : axis];
    return { kind: 'number', value: d ?? '?', span: call.span };
  }

  private evalIndex(expr: Extract<Expr, { kind: 'index' }>): Value {
    const base = this.evalExpr(expr.target);
    if (base.kind === 'tuple') {
      const first = expr.items[0];
      if (first?.kind === 'expr') {
        const i = this.evalExpr(first.expr);
        if (i.kind === 'number' && typeof i.value === 'number') return base.items[i.value < 0 ? base.items.length + i.value : i.value] ?? UNKNOWN;
      }
      if (first?.kind === 'slice' && expr.items.length === 1) return sliceOfList(base, first, (e) => this.evalExpr(e));
      return UNKNOWN;
    }
    const t = this.toTensor(base, expr.target.span);
    const { items, tensors } = this.evalIndexItems(expr.items);
    if (t.kind !== 'tensor' || tensors.some((x) => x.kind !== 'tensor')) return UNKNOWN;
    return this.applySpec('index', OPS.index as OpSpec, [t, ...(tensors as TensorValue[])], { items: items as unknown as AttrValue }, expr.span, [expr.target.span], 'indexing');
  }

  private evalIndexItems(items: IndexItem[]): { items: IndexSpec[]; tensors: Value[] } {
    const specs: IndexSpec[] = [];
    const tensors: Value[] = [];
    const num = (v: Value | undefined): number | null => (v?.kind === 'number' && typeof v.value === 'number' ? v.value : null);
    /** A bound that is a size in symbols (`D`, `T - 1`), not a number. */
    const symbolic = (v: Value | undefined): string | undefined => {
      if (v?.kind === 'number' && typeof v.value === 'string' && !isUnknownDim(v.value)) return v.value;
      if (v?.kind !== 'undefined') return undefined;
      this.noteSymbol(v.name, v.span, 'a size written in the code');
      return v.name;
    };
    for (const it of items) {
      if (it.kind === 'slice') {
        const [start, stop, step] = [it.start, it.stop, it.step].map((e) => (e ? this.evalExpr(e) : undefined));
        const spec: SliceSpec = { kind: 'slice', start: num(start), stop: num(stop), step: num(step) };
        const startDim = symbolic(start);
        const stopDim = symbolic(stop);
        if (startDim !== undefined) spec.startDim = startDim;
        if (stopDim !== undefined) spec.stopDim = stopDim;
        specs.push(spec);
      }
      else if (it.kind === 'newaxis') specs.push({ kind: 'newaxis' });
      else if (it.kind === 'ellipsis') specs.push({ kind: 'ellipsis' });
      else {
        const v = this.evalExpr(it.expr);
        if (v.kind === 'const' && v.value === null) specs.push({ kind: 'newaxis' });
        else if (v.kind === 'number' && typeof v.value === 'number') specs.push({ kind: 'int', value: v.value });
        else if (v.kind === 'number') specs.push({ kind: 'int', value: 0 });
        else {
          const t = this.toTensor(v, it.span);
          tensors.push(t);
          specs.push({ kind: 'tensor', input: tensors.length });
        }
      }
    }
    return { items: specs, tensors };
  }

  // ---- ops -------------------------------------------------------------------------

  /** Turns Python numbers into constant nodes and reports undefined names used as tensors. */
  toTensor(v: Value, span: Span): TensorValue | typeof UNKNOWN {
    if (v.kind === 'tensor') return v;
    if (v.kind === 'number') {
      const attrs: Record<string, unknown> = typeof v.value === 'number' ? { value: v.value } : { dim: v.value };
      const id = this.builder.add('const', [], attrs, [], 'float', span, { fill: 'full', role: 'constant', value: typeof v.value === 'number' ? v.value : undefined });
      return { kind: 'tensor', node: id, shape: [], dtype: 'float', origin: { label: String(v.value), span, named: false } };
    }
    if (v.kind === 'const' && typeof v.value === 'boolean') return this.toTensor({ kind: 'number', value: v.value ? 1 : 0, span }, span);
    if (v.kind === 'undefined') this.lookup(v.name, v.span);
    return UNKNOWN;
  }

  toAttr(v: Value): AttrValue {
    switch (v.kind) {
      case 'number':
        return v.value;
      case 'str':
        return v.value;
      case 'const':
        return v.value;
      case 'tuple':
        return v.items.map((i) => this.toAttr(i));
      case 'undefined':
        this.noteSymbol(v.name, v.span, 'a size written in the code');
        return v.name;
      default:
        return null;
    }
  }

  /**
   * A declared size: a name without a value is a symbol (not an undefined name), and
   * arithmetic on symbols stays exact (`(h d)` is h·d, `2*H` is 2·H).
   */
  private declaredDim(e: Expr, source: string): Dim {
    if (e.kind === 'name' && this.env.get(e.name) === undefined) {
      this.noteSymbol(e.name, e.span, source);
      return e.name;
    }
    if (e.kind === 'call' && e.args.length === 2 && (e.op === 'mul' || e.op === 'add' || e.op === 'sub')) {
      const a = this.declaredDim(e.args[0], source);
      const b = this.declaredDim(e.args[1], source);
      if (isUnknownDim(a) || isUnknownDim(b)) return '?';
      return e.op === 'mul' ? mulDims(a, b) : e.op === 'add' ? addDims(a, b) : subDims(a, b);
    }
    return this.dimOf(this.evalExpr(e));
  }

  /** The conditions the last shape rule needed that were not said before: each is said once, where first needed, and assumed from there on. */
  private newConditions(): string[] {
    const taken = this.bindings.takeConditions();
    if (taken.length === 0) return taken;
    const fresh = taken.filter((c) => !this.assumed.has(c));
    for (const c of fresh) this.assumed.add(c);
    return fresh;
  }

  private noteSymbol(name: string, span: Span, source: string): void {
    if (!this.symbols.has(name)) this.symbols.set(name, { span, source });
  }

  /** A size from a shape expression: numbers, symbols, and `?`/None/-1 as the shared unknown batch. */
  dimOf(v: Value): Dim {
    if (v.kind === 'number') return v.value === -1 ? '?' : v.value;
    if (v.kind === 'undefined') {
      this.noteSymbol(v.name, v.span, 'a size written in the code');
      return v.name;
    }
    return '?';
  }

  applyOp(op: string, values: Value[], attrs: Attrs, span: Span, spans: Span[], callee: string): Value {
    const spec = OPS[op as keyof typeof OPS];
    if (!spec) return UNKNOWN;
    // A loop rather than map and some: every traced op passes here, and their callbacks are closures.
    if (ELEMENTWISE_PAIRS.has(op)) {
      if (this.options.language === 'math') this.declareFromPartner(values);
      else this.readAsNumbers(values);
    }
    const tensors = new Array<TensorValue>(values.length);
    let known = true;
    for (let i = 0; i < values.length; i++) {
      const t = this.toTensor(values[i], spans[i] ?? span);
      if (t.kind === 'tensor') tensors[i] = t;
      else known = false;
    }
    if (!known) return UNKNOWN;
    if (spec.draws && tensors[0]) {
      const sample = this.builder.leaf('rand', 'rand', 'constant', tensors[0].shape, 'float', span, { shape: tensors[0].shape });
      tensors.push({ kind: 'tensor', node: sample, shape: tensors[0].shape, dtype: 'float', origin: { label: `the ${op} draw`, span, named: false } });
    }
    if (spec.pieces) return this.applyPieces(op, spec, tensors, attrs, span, spans, callee);
    return this.applySpec(op, spec, tensors, attrs, span, spans, callee);
  }

  /** An op with several results: a node per piece, as a tuple (`q, k, v = qkv.split(C, dim=2)`). */
  private applyPieces(op: string, spec: OpSpec, inputs: TensorValue[], attrs: Attrs, span: Span, spans: Span[], callee: string): Value {
    const count = spec.pieces?.(inputs, attrs, this.ruleContext) ?? null;
    // Not countable: the shape rule, given no piece, reports why.
    if (count === null) return this.applySpec(op, spec, inputs, attrs, span, spans, callee);
    return { kind: 'tuple', items: Array.from({ length: count }, (_, piece) => this.applySpec(op, spec, inputs, { ...attrs, piece }, span, spans, callee)) };
  }

  /**
   * A name defined nowhere in arithmetic (`loss / N`, `reg * np.sum(W * W)`, `W -= lr * dW`)
   * is most often a number set elsewhere: it is read as one, of unknown value (a symbol, as
   * in a shape, which a check gives a value), so what follows is still checked. Said once.
   */
  private readAsNumbers(values: Value[]): void {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v.kind !== 'undefined' || this.env.get(v.name) !== undefined) continue;
      // A size already met in a shape (`# X: (N, D)`, `randn(D, 10)`) is that size: nothing to say.
      const size = this.symbols.has(v.name);
      this.noteSymbol(v.name, v.span, 'a number not defined in the code');
      if (!size && !this.undefinedSaid.has(v.name)) {
        this.undefinedSaid.add(v.name);
        this.report('undefined-name', 'info', v.span, `\`${v.name}\` is not defined in the analyzed code: read as a number of unknown value (${v.name}); if it is an array, declare its shape with a comment such as \`# ${v.name}: (N, 10)\``);
      }
      values[i] = { kind: 'number', value: v.name, span: v.span };
    }
  }

  /**
   * A note names data without declaring it (`E = -Σ a_ij log x_ij`, the labels a): an
   * undeclared name met elementwise with a tensor is data of that tensor's shape.
   */
  private declareFromPartner(values: Value[]): void {
    const partner = values.find((v): v is TensorValue => v.kind === 'tensor');
    if (!partner) return;
    values.forEach((v, i) => {
      if (v.kind !== 'undefined') return;
      const known = this.env.get(v.name);
      if (known && known.kind !== 'unknown') {
        values[i] = known;
        return;
      }
      const id = this.builder.leaf('placeholder', 'data', 'input', partner.shape, 'float', v.span);
      this.builder.name(id, v.name);
      const declared: TensorValue = { kind: 'tensor', node: id, shape: partner.shape, dtype: 'float', origin: { label: v.name, span: v.span, named: true } };
      this.env.set(v.name, declared);
      this.occurrences.push({ span: v.span, name: v.name, shape: partner.shape });
      this.report('unknown-shape', 'info', v.span, `\`${v.name}\` is not declared: read as data of shape ${formatShape(partner.shape)}, the shape of ${partner.origin.named ? partner.origin.label : 'the operand it meets elementwise'}`);
      values[i] = declared;
    });
  }

  applySpec(op: string, spec: OpSpec, inputs: TensorValue[], attrs: Attrs, span: Span, spans: Span[], callee: string): Value {
    if (op === 'transpose' && Array.isArray(attrs.swap) && inputs[0]) attrs = { perm: swapPerm(inputs[0].shape.length, attrs.swap as number[]) };
    // In math notation a product with a scalar is scaling, whatever symbol was written; so is one with a 1×1 (xᵀx·A) that is no matrix product.
    if (op === 'matmul' && this.options.language === 'math' && (inputs.some((t) => t.shape.length === 0) || scalesOther(inputs))) {
      return this.applySpec('mul', OPS.mul as OpSpec, inputs, attrs, span, spans, callee);
    }
    // In math notation diag of a vector is its diagonal matrix (Diag), never the diagonal of an n×1 matrix.
    if (op === 'diag' && this.options.language === 'math' && inputs[0]?.shape.length === 2 && (inputs[0].shape[0] === 1 || inputs[0].shape[1] === 1)) {
      const entries = this.applySpec('flatten', OPS.flatten as OpSpec, inputs, { start_dim: 0, end_dim: -1 }, span, spans, callee);
      return entries.kind === 'tensor' ? this.applySpec('diag', spec, [entries], attrs, span, spans, callee) : entries;
    }
    // PyTorch's cross-entropy over (N, C, d1, …) with targets (N, d1, …): the mean over every
    // position, which is the (N·d1·…, C) form with the classes moved last.
    if (op === 'cross_entropy' && inputs.length === 2 && inputs[0].shape.length > 2 && inputs[1].shape.length === inputs[0].shape.length - 1) {
      const [logits, target] = inputs;
      const rank = logits.shape.length;
      const perm = [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2), 1];
      const moved = this.applySpec('transpose', OPS.transpose as OpSpec, [logits], { perm }, span, spans, callee);
      const rows = moved.kind === 'tensor' ? this.applySpec('reshape', OPS.reshape as OpSpec, [moved], { shape: [-1, logits.shape[1]] }, span, spans, callee) : moved;
      const labels = this.applySpec('reshape', OPS.reshape as OpSpec, [target], { shape: [-1] }, span, spans, callee);
      if (rows.kind !== 'tensor' || labels.kind !== 'tensor') return UNKNOWN;
      inputs = [rows, labels];
    }
    if (spec.params.includes('shape') && attrs.shape !== undefined) attrs.shape = this.shapeAttr(attrs.shape);
    // A TensorValue is a TensorInfo (shape and dtype); the rules only read them.
    this.bindings.takeDistinct();
    const result = spec.shape(inputs, attrs, this.ruleContext);
    const conditions = this.newConditions();
    if (conditions.length > 0 && !isFailure(result)) {
      const described = inputs.map((t) => describeOperand(t, this.lines, span)).join(', ');
      this.report('shape-condition', 'warning', span, `${spec.label ?? op}: holds only if ${conditions.join(' and ')}${conditions.some((c) => /·k\d*$/.test(c)) ? ' for a whole k' : ''}${described ? ` — ${described}` : ''}`, operandRelated(inputs, span, this.lines));
    }
    let shape: Dim[];
    let dtype: DType = 'float';
    let note: string | undefined;
    if (isFailure(result)) {
      const name = this.loweredCall ?? spec.label ?? op;
      const blamed = result.blame.map((i) => inputs[i]).filter(Boolean);
      const described = blamed.map((t) => describeOperand(t, this.lines, span)).join(', ');
      const fixes = result.transpose !== undefined && spans[result.transpose] ? [transposeFix(spans[result.transpose], this.text, this.options.language, inputs[result.transpose].origin.label)] : undefined;
      const distinct = distinctSymbolsHint(this.bindings.takeDistinct(), this.options.language);
      this.report(result.code ?? 'shape-mismatch', result.code === 'batch-changed' ? 'warning' : 'error', span, `${name}: ${result.error}${described ? ` — ${described}` : ''}${distinct}`, operandRelated(blamed, span, this.lines), fixes);
      if (!result.partial) return UNKNOWN;
      shape = result.partial;
      // The code cannot run past here, but the intended shape lets the analysis go on and find
      // the next, independent mistake. The node marks everything downstream as not runnable.
      if (result.code !== 'batch-changed') {
        const id = this.builder.add('shape_error', inputs.map((t) => t.node), { message: result.error }, shape, 'float', span);
        return { kind: 'tensor', node: id, shape, dtype: 'float', origin: sourceOrigin(this.text, span) };
      }
    } else {
      shape = result.shape;
      dtype = result.dtype ?? 'float';
      note = result.note;
      if (result.warning) {
        const described = inputs.map((t) => describeOperand(t, this.lines, span)).join(', ');
        this.report('suspicious-broadcast', 'warning', span, `${this.loweredCall ?? spec.label ?? op}: ${result.warning} — ${described}`, operandRelated(inputs, span, this.lines));
      }
    }
    const leafValues = leafModuleNamed(op)?.values;
    const nodeAttrs = ownAttrs(attrs);
    const id = leafValues
      ? this.builder.leaf(op, leafValues.fill, leafValues.role, shape, dtype, span, nodeAttrs, {
          value: op === 'full' && typeof attrs.value === 'number' ? attrs.value : undefined,
          high: op === 'randint' && typeof attrs.high === 'number' ? attrs.high : undefined,
        })
      : this.builder.add(op, inputs.map((t) => t.node), nodeAttrs, shape, dtype, span);
    const origin: Origin = sourceOrigin(this.text, span, note);
    return { kind: 'tensor', node: id, shape, dtype, origin };
  }

  /** A shape list; a nested tuple (`np.zeros(X.shape)`, `(*X.shape, 1)`) is spliced in. */
  private shapeAttr(raw: AttrValue | undefined): AttrValue {
    const list = Array.isArray(raw) ? raw : [raw ?? null];
    // Anything that is not a size (None, a flag, a tuple nested twice) is the unknown size.
    return list.flatMap((d) => (Array.isArray(d) ? d : [d])).map((d) => (typeof d === 'number' || typeof d === 'string' ? d : '?'));
  }
}

/**
 * Why two sizes in different symbols count as different, and how to say they are one: said
 * after a mismatch they caused, since a user who meant N and D to be equal needs to know.
 */
function distinctSymbolsHint(pairs: [Dim, Dim][], language: Language): string {
  if (pairs.length === 0) return '';
  const [a, b] = pairs[0].map((d) => formatDim(d));
  const how = language === 'math' ? `write \`${a} = ${b}\` in the note` : 'use one name for both';
  return `. ${a} and ${b} are different symbols, so Grad Lens takes them for different sizes: if they are the same size, ${how}, or give both in gradLens.dims (--dims)`;
}

function holdsUnknown(v: Value): boolean {
  return v.kind === 'unknown' || (v.kind === 'tuple' && v.items.some(holdsUnknown));
}

/** No shape to go on: unknown, or a name defined nowhere. */
function isUnknown(v: Value | undefined): boolean {
  return v?.kind === 'unknown' || v?.kind === 'undefined';
}

/** A `*batch` dim stands for as many axes as the value has beyond the other dims (unknown sizes, so they agree). */
function expandVariadic(dims: Dim[], at: number | undefined, rank: number): Dim[] {
  if (at === undefined || rank < dims.length - 1) return dims;
  return [...dims.slice(0, at), ...new Array<Dim>(rank - dims.length + 1).fill('?'), ...dims.slice(at + 1)];
}

function isUnknownDim(d: Dim): boolean {
  return typeof d === 'string' && d.includes('?');
}

/**
 * Where an instance is, as PyTorch names parameters: its path under the owners that are
 * themselves attributes (`down1.maxpool_conv.1`); a module stored under a script name is
 * the root, whose name is not part of it.
 */
function fullPath(instance: InstanceValue): string | undefined {
  const owner = instance.owner;
  if (!owner || owner.owner === undefined || owner.owner === null) return instance.path;
  const above = fullPath(owner);
  return above && instance.path !== undefined ? `${above}.${instance.path}` : instance.path;
}

/** A node's own copy of the attributes it was traced with (the shared empty ones when there are none). */
function ownAttrs(attrs: Attrs): Record<string, unknown> {
  for (const _ in attrs) return { ...attrs };
  return NO_ATTRS;
}

/** `transpose(x, swap=(0, 1))` exchanges two axes: the full permutation the rules and kernels use. */
function swapPerm(rank: number, swap: number[]): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  const [a, b] = swap.map((d) => (d < 0 ? d + rank : d));
  if (a === undefined || b === undefined || a >= rank || b >= rank) return perm.reverse();
  [perm[a], perm[b]] = [perm[b], perm[a]];
  return perm;
}

/** The op a layer-table row shows for `name = <expr>`. */
function rowOpOf(expr: Expr): string {
  switch (expr.kind) {
    case 'call':
      // A library call lowered to several ops (a loss) is shown as written.
      return expr.op === 'let' ? expr.callee : layerRowOp(expr);
    case 'index':
      return 'index';
    case 'name':
      return 'alias';
    case 'invoke':
      return expr.name;
    default:
      return expr.kind;
  }
}

/**
 * An unnamed value is described by its source text, built only when a message needs it.
 * A class rather than an object literal with a getter: every op result gets one, and a
 * literal with an accessor allocates a closure and a slow-mode object each time.
 */
class SourceOrigin implements Origin {
  readonly named = false;

  constructor(
    private readonly text: string,
    readonly span: Span,
    readonly note?: string,
  ) {}

  get label(): string {
    return this.text.slice(this.span.start, this.span.end).replace(/\s+/g, ' ');
  }
}

function sourceOrigin(text: string, span: Span, note?: string): Origin {
  return new SourceOrigin(text, span, note);
}

/** A 1×1 operand of a matrix product whose other operand does not conform to it: xᵀx·A written for the scaling. */
function scalesOther([a, b]: TensorValue[]): boolean {
  const oneByOne = (t: TensorValue | undefined) => t !== undefined && t.shape.length === 2 && t.shape[0] === 1 && t.shape[1] === 1;
  if (!a || !b || a.shape.length !== 2 || b.shape.length !== 2) return false;
  const notOne = (d: Dim) => typeof d === 'number' && d !== 1;
  return (oneByOne(a) && notOne(b.shape[0])) || (oneByOne(b) && notOne(a.shape[1]));
}
