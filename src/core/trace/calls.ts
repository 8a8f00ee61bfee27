import type { Fix } from '../ir/problem';
import type { ClassStmt, DefStmt, Expr, Stmt } from '../ir/program';
import type { FunctionValue, InstanceValue, Value } from './values';

/** What a called name turned out to be. */
export type Callable = { kind: 'function'; fn: FunctionValue; self: InstanceValue | null; name: string } | { kind: 'class'; cls: ClassStmt };

export function methodOf(cls: ClassStmt, name: string): DefStmt | undefined {
  return cls.methods.find((m) => m.name === name);
}

/**
 * Binds a call's arguments to the function's parameters as Python does (positional ones in
 * order, then keywords by name); returns the names bound. A parameter left out is not bound:
 * its default, in the function's head, gives it a value.
 */
export function bindParameters(def: DefStmt, args: Value[], kwargs: Record<string, Value>, set: (name: string, value: Value) => void): Set<string> {
  const bound = new Set<string>();
  const n = Math.min(args.length, def.params.length);
  for (let i = 0; i < n; i++) {
    set(def.params[i].name, args[i]);
    bound.add(def.params[i].name);
  }
  for (const p of def.params) {
    if (Object.hasOwn(kwargs, p.name)) {
      set(p.name, kwargs[p.name]);
      bound.add(p.name);
    }
  }
  return bound;
}

/** The methods a model's input goes into first. */
const ENTRY_METHODS = new Set(['forward', 'call', '__call__']);

export function isEntry(def: DefStmt): boolean {
  return ENTRY_METHODS.has(def.name);
}

/**
 * For the input of a model's `forward` (or Keras `call`) whose shape nothing gives: the shape
 * the first layer applied to it implies (`nn.Linear(784, …)` → `(N, 784)`, `nn.Conv2d(3, …)` →
 * `(N, 3, H, W)`), and the quick fix that writes it as a shape comment at the top of the body.
 * Null when the function is not such a method or no layer is applied to the input.
 */
export function unknownInputFix(text: string, def: DefStmt, param: string, methods: DefStmt[]): { shape: string; fix: Fix } | null {
  if (!ENTRY_METHODS.has(def.name) || def.params[0]?.name !== param) return null;
  const layer = firstLayerOn(def.body, param, methods, 0);
  if (!layer) return null;
  const size = (e: Expr | undefined, fallback: string) => (e ? text.slice(e.span.start, e.span.end).replace(/\s+/g, ' ') : fallback);
  let shape: string;
  switch (layer.op) {
    case 'linear':
      shape = `(N, ${size(layer.args[1] ?? layer.kwargs.in_features, 'D')})`;
      break;
    case 'conv2d_layer':
      shape = `(N, ${size(layer.args[1] ?? layer.kwargs.in_channels, 'C')}, H, W)`;
      break;
    case 'embedding':
      // Token ids: a batch of sequences.
      shape = '(N, T)';
      break;
    case 'conv1d_layer':
      if (isKeras(layer)) return null;
      shape = `(N, ${size(layer.args[1], 'C')}, L)`;
      break;
    case 'recurrent_layer':
    case 'attention_layer': {
      if (isKeras(layer)) return null;
      const features = size(layer.args[layer.op === 'recurrent_layer' ? 1 : 3], 'D');
      shape = isTrue(layer.kwargs.batch_first) ? `(N, T, ${features})` : `(T, N, ${features})`;
      break;
    }
    default:
      // A Keras layer does not say its input size.
      return null;
  }
  let end = def.bodyLine;
  while (text[end] === ' ' || text[end] === '\t') end++;
  const indent = text.slice(def.bodyLine, end);
  const comment = `# ${param}: ${shape}`;
  return { shape, fix: { title: `Declare the input's shape: ${comment}`, edits: [{ span: { start: def.bodyLine, end: def.bodyLine }, newText: `${indent}${comment}\n` }] } };
}

const INPUT_LAYERS = new Set(['linear', 'conv2d_layer', 'dense', 'keras_conv2d', 'embedding', 'conv1d_layer', 'recurrent_layer', 'attention_layer']);

/** A Keras layer does not say its input size. */
function isKeras(layer: Extract<Expr, { kind: 'call' }>): boolean {
  const framework = layer.kwargs.framework ?? layer.kwargs.layout;
  return framework?.kind === 'str' && (framework.value === 'keras' || framework.value === 'NLC');
}

function isTrue(e: Expr | undefined): boolean {
  return e?.kind === 'const' && e.value === true;
}

/**
 * The first layer call (in source order, innermost first) whose input is the name, looking
 * into a helper method the name is handed to (`x = self.features(x)`).
 */
function firstLayerOn(stmts: Stmt[], name: string, methods: DefStmt[], depth: number): Extract<Expr, { kind: 'call' }> | null {
  const visit = (e: Expr | undefined): Extract<Expr, { kind: 'call' }> | null => {
    if (!e) return null;
    if (e.kind === 'call' || e.kind === 'invoke' || e.kind === 'unsupported') {
      for (const a of e.args) {
        const found = visit(a);
        if (found) return found;
      }
      const input = e.args[0]?.kind === 'name' && e.args[0].name === name;
      if (e.kind === 'call' && INPUT_LAYERS.has(e.op) && input) return e;
      if (e.kind === 'invoke' && input && depth < 4 && e.name.startsWith('self.')) {
        const helper = methods.find((m) => m.name === e.name.slice('self.'.length));
        const param = helper?.params[0]?.name;
        return helper && param ? firstLayerOn(helper.body, param, methods, depth + 1) : null;
      }
      return null;
    }
    if (e.kind === 'tuple') {
      for (const item of e.items) {
        const found = visit(item);
        if (found) return found;
      }
    }
    if (e.kind === 'index') return visit(e.target);
    return null;
  };
  for (const s of stmts) {
    const found = s.kind === 'assign' || s.kind === 'expr' ? visit(s.value) : s.kind === 'for' || s.kind === 'if' ? firstLayerOn(s.body, name, methods, depth) : null;
    if (found) return found;
  }
  return null;
}
