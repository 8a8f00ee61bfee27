import type { DefStmt, Expr, Stmt } from '../../ir/program';
import type { Span } from '../../ir/span';
import { roleFor } from './comments';
import { type Context, dottedName } from './context';
import { named, type PyNode } from './tree';

/**
 * `@dataclass class Config: n_embd: int = 128` — the configuration objects model code is
 * built from (`nn.Linear(config.n_embd, 4 * config.n_embd)`). Its fields are the annotated
 * names of the class body, in order; Python writes the `__init__` that takes them, and so
 * does this module, so that `Config(n_embd=64)` binds as any call does.
 */
export interface DataclassField {
  name: string;
  /** The default, or undefined for a field the call must give. */
  value: Expr | undefined;
  span: Span;
}

const DECORATORS = new Set(['dataclass', 'dataclasses.dataclass']);

/** `@dataclass`, `@dataclass(frozen=True)`, `@dataclasses.dataclass` among a definition's decorators. */
export function isDataclass(cx: Context, decorated: PyNode): boolean {
  return decorated.children.some((d) => {
    if (d.type !== 'decorator') return false;
    const [target] = named(d);
    const callee = target?.type === 'call' ? named(target)[0] : target;
    const name = callee ? dottedName(cx, callee) : null;
    return name !== null && DECORATORS.has(cx.imports.qualify(name) ?? name);
  });
}

/**
 * A field's default as written: `field(default=4)` is 4; `field(default_factory=list)` has
 * no value that sizes anything, so the field is read as given by the call.
 */
export function fieldDefault(cx: Context, value: PyNode | undefined): Expr | undefined {
  if (!value) return undefined;
  if (value.type === 'call') {
    const [fn, args] = named(value);
    const name = fn ? dottedName(cx, fn) : null;
    if (name === 'field' || name === 'dataclasses.field') {
      const given = args ? named(args).find((a) => a.type === 'keyword_argument' && cx.src(named(a)[0] ?? a) === 'default') : undefined;
      const inner = given ? named(given)[1] : undefined;
      return inner ? cx.expr(inner) : undefined;
    }
  }
  return cx.expr(value);
}

/** `def __init__(self, f1=d1, f2=d2): self.f1 = f1; self.f2 = f2`, as the dataclass decorator writes it. */
export function dataclassInit(fields: DataclassField[], span: Span, bodyLine: number): DefStmt {
  const head: Stmt[] = fields.map((f) =>
    f.value
      ? { kind: 'assign', target: { kind: 'name', name: f.name, span: f.span }, op: '=', value: f.value, span: f.span }
      : { kind: 'declare', name: f.name, dims: null, role: roleFor(f.name, null), source: 'parameter', span: f.span },
  );
  const body: Stmt[] = fields.map((f) => ({ kind: 'assign', target: { kind: 'name', name: `self.${f.name}`, span: f.span }, op: '=', value: { kind: 'name', name: f.name, span: f.span }, span: f.span }));
  return { kind: 'def', name: '__init__', params: fields.map((f) => ({ name: f.name, span: f.span })), head, body, span, bodyLine };
}
