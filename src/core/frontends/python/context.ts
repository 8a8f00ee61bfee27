import { problem, type Problem, type ProblemCode, type Severity } from '../../ir/problem';
import type { Expr } from '../../ir/program';
import type { ArrayLibrary } from '../../ops/index';
import type { Span } from '../../ir/span';
import { Imports } from './imports';
import type { LayerValue } from './layer-value';
import { named, type PyNode } from './tree';

/**
 * The state of one lowering pass: the text, the problems found, the import aliases, the
 * layer objects bound to names (`self.fc1`, `model`) and the Keras auto-name counters.
 * Expression lowering is injected so that calls.ts and modules.ts, which need it for
 * arguments, do not import expressions.ts (which imports them).
 */
export class Context {
  readonly problems: Problem[] = [];
  readonly imports = new Imports();
  /** Layer objects and Sequential containers by the name they were assigned to. */
  readonly layers = new Map<string, LayerValue>();
  /** Subtrees too deep to read (tree.ts), not yet reported on the statement that holds them. */
  readonly deep: PyNode[] = [];
  /** Names bound to `np.random.default_rng(...)`. */
  readonly generators = new Set<string>();
  /** Names last bound to an array a known library made (`a = np.arange(6)`), for its methods (libraries.ts). */
  readonly arrayLibraries = new Map<string, ArrayLibrary>();
  /** Names bound to `tf.GradientTape()` by a `with` statement. */
  readonly tapes = new Set<string>();
  /** Keras models whose layers nothing has read yet (no input shape, never applied), where each was built. */
  readonly unread = new Map<string, Span>();
  /**
   * How many `if`/`else` branches the statement being lowered is inside: a layer assigned
   * there (`self.shortcut = nn.Sequential(...)` when the stride is 2) is made where the code
   * runs, since which branch runs is known only then.
   */
  branches = 0;
  /**
   * Layers recorded before the outermost `if` and assigned again inside it
   * (`self.shortcut = nn.Sequential()`, then a projection when the stride is 2): made where
   * the code runs too, just before that `if`, so the branch not taken keeps the first.
   */
  readonly replacedInBranch = new Map<string, LayerValue>();
  /** Keras-style auto names: `dense`, `dense_1`, ... per layer kind. */
  private readonly nameCounts = new Map<string, number>();

  constructor(
    readonly text: string,
    private readonly lowerExpr: (cx: Context, node: PyNode) => Expr,
  ) {}

  expr(node: PyNode): Expr {
    return this.lowerExpr(this, node);
  }

  span(node: PyNode): Span {
    return { start: node.start, end: node.end };
  }

  src(node: PyNode): string {
    return this.text.slice(node.start, node.end);
  }

  /** The next auto name for a layer kind, counted in construction order as Keras does. */
  autoName(kind: string): string {
    const n = this.nameCounts.get(kind) ?? 0;
    this.nameCounts.set(kind, n + 1);
    return n === 0 ? kind : `${kind}_${n}`;
  }

  report(code: ProblemCode, severity: Severity, span: Span, message: string): void {
    this.problems.push(problem(code, severity, span, message));
  }
}

/** `a.b.c` when the node is an identifier or a chain of attributes over one; else null. */
export function dottedName(cx: Context, node: PyNode): string | null {
  if (node.dotted !== undefined) return node.dotted;
  let dotted: string | null = null;
  if (node.type === 'identifier') {
    dotted = cx.src(node);
  } else if (node.type === 'attribute') {
    const [object, attr] = named(node);
    const head = object ? dottedName(cx, object) : null;
    if (head !== null && attr && attr.type === 'identifier') {
      // Written without blanks or comments (nearly always), the source is the dotted name: one
      // slice instead of a string built per level.
      const plain = node.end - node.start === head.length + 1 + attr.end - attr.start;
      dotted = plain ? cx.src(node) : `${head}.${cx.src(attr)}`;
    }
  }
  node.dotted = dotted;
  return dotted;
}

/** A short description of a construct for an UnsupportedExpr: its source, cut at 40 characters. */
export function shortSource(cx: Context, node: PyNode): string {
  const s = cx.src(node).replace(/\s+/g, ' ');
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
