import { type CallExpr, type CanonicalOp, type Expr, NO_KWARGS, type TupleExpr } from '../../ir/program';
import type { Span } from '../../ir/span';
import { type ArrayLibrary, LEAF_MODULES, OP_MODULES, UNARY_OPS } from '../../ops/index';
import { accepts, asShape, type Bound, bind, emit, lowerArgs, type CallArgs, type Signature } from './bind';
import { importedLibraries, receiverLibrary } from './libraries';
import { dottedName, shortSource, type Context } from './context';
import { LIKE_FUNCTIONS } from './creation-like';
import { LOSS_FUNCTIONS } from './losses';
import { applyLayer, buildLayer, indexedLayer, isDictCall, isFunctionalModel, isLayerName, layerObject, MERGE_FUNCTIONS, merged, sequential } from './modules';
import { tapeGradient } from './tape';
import { firstNamed, named, type PyNode } from './tree';

/**
 * The tables that map library spellings to canonical ops, and the lowering of a call
 * through them. Functions are keyed by qualified name (imports.ts resolves `np.` / `F.` /
 * `tf.`), methods by name (the receiver is the first parameter), operators by token.
 */

export interface CallRule extends Signature {
  op: CanonicalOp | 'identity';
  /** For the few spellings a signature cannot express. */
  special?: Special;
}

type Special = (call: CallExpr, bound: Bound, args: CallArgs) => Expr;

// ---- Operators ---------------------------------------------------------------------------

export const BINARY_OPERATORS: Record<string, CanonicalOp> = {
  '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '//': 'div', '**': 'pow', '@': 'matmul',
};
/** `a // b` is `div` with this attribute set: the interpreter floors the quotient. */
export const FLOOR_ATTRIBUTE = 'floor';

export const COMPARISONS: Record<string, CanonicalOp> = { '>': 'gt', '>=': 'ge', '<': 'lt', '<=': 'le', '==': 'eq' };

/** Attributes read without a call: `x.T`, `X.shape`, `x.data`. */
export const ATTRIBUTES: Record<string, CanonicalOp | 'identity' | 'unsupported'> = {
  T: 'transpose', shape: 'shape', data: 'identity',
  size: 'unsupported', ndim: 'unsupported', dtype: 'unsupported', device: 'unsupported', real: 'unsupported', imag: 'unsupported',
};

/** Module constants; `null` is `np.newaxis` (None). */
export const CONSTANTS: Record<string, number | null> = {
  'numpy.pi': Math.PI, 'numpy.e': Math.E, 'numpy.inf': Infinity, 'numpy.newaxis': null,
  'math.pi': Math.PI, 'math.e': Math.E, 'math.inf': Infinity,
};

// ---- Specials ----------------------------------------------------------------------------

const num = (value: number, call: CallExpr): Expr => ({ kind: 'num', value, span: call.span });

/** `len(x)` is `dim(x, 0)`. */
const lenSpecial: Special = (call) => (call.args[0] ? { ...call, args: [call.args[0], num(0, call)] } : call);

/** `x.size()` is `shape(x)`, `x.size(0)` is `dim(x, 0)`. */
const sizeSpecial: Special = (call) => (call.args.length >= 2 ? call : { ...call, op: 'shape' });

/**
 * `tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=z)`: each row's
 * −log softmax(z)[i, y_i], written with the ops it is made of (one value per row).
 */
const sparseCrossEntropySpecial: Special = (call, bound) => {
  const labels = bound.get('labels');
  const logits = bound.get('logits');
  if (!labels || !logits) return call;
  const op = (name: string, args: Expr[], kwargs: Record<string, Expr> = NO_KWARGS): CallExpr => ({ ...call, op: name, args, kwargs });
  const logProbs = op('log_softmax', [logits], { axis: num(-1, call) });
  const rows = op('arange', [op('dim', [logits, num(0, call)])]);
  const picked: Expr = { kind: 'index', target: logProbs, items: [rows, labels].map((expr) => ({ kind: 'expr' as const, expr, span: call.span })), span: call.span };
  return op('neg', [picked]);
};

/** `range(n)` is `arange(n)`; `range(a, b, s)` is `arange(a, b, step=s)`. */
const arangeSpecial: Special = (call) => {
  const [start, stop, step] = call.args;
  if (!stop) return call;
  return { ...call, args: [start, stop], kwargs: step ? { step } : NO_KWARGS };
};

/** `randint(10, size=N)` and torch's `randint(10, (N,))` mean `low=0, high=10`. */
const randintSpecial: Special = (call, bound) => {
  const low = bound.get('low');
  const high = bound.get('high');
  const size = bound.get('size');
  if (low && high && high.kind === 'tuple' && !size) return { ...call, args: [num(0, call), low, high] };
  if (low && !high) return { ...call, args: [num(0, call), low, size ? asShape(size) : { kind: 'tuple', items: [], span: call.span }] };
  return call;
};

/**
 * `tf.random.uniform((N,), maxval=K, dtype=tf.int32)` draws integers in [minval, maxval):
 * labels, as randint; with a float dtype it is the uniform draw of the shape.
 */
const tfUniformSpecial: Special = (call, bound) => {
  const shape = call.args[0];
  const dtype = bound.get('dtype');
  const maxval = bound.get('maxval');
  if (dtype && dtypeKind(dtype) === 'int' && maxval) return { ...call, op: 'randint', args: [bound.get('minval') ?? num(0, call), maxval, shape] };
  return { ...call, args: [shape] };
};

/** `tf.constant(0.1, shape=[32])` is `full((32,), 0.1)`; without a shape it is the value, or the array of a list. */
const tfConstantSpecial: Special = (call, bound) => {
  const value = bound.get('value');
  const shape = bound.get('shape');
  if (!value) return call;
  if (!shape) return value.kind === 'tuple' ? arrayCall(call, value, bound.get('dtype')) : value;
  return { ...call, args: [asShape(shape), value] };
};

/**
 * `np.array([[2.0], [1.0]])`, `torch.tensor(xs)`: the data's array. A call (`np.array(f(x))`)
 * is a tensor already and is handed through as it is.
 */
const arraySpecial: Special = (call, bound) => {
  const data = bound.get('x');
  if (!data) return call;
  return data.kind === 'call' || data.kind === 'invoke' || data.kind === 'index' ? data : arrayCall(call, data, bound.get('dtype'));
};

function arrayCall(call: CallExpr, data: Expr, dtype: Expr | undefined): CallExpr {
  const kind = dtype && dtypeKind(dtype);
  return { ...call, op: 'array', args: [data], kwargs: kind ? { dtype: { kind: 'str', value: kind, span: dtype.span } } : NO_KWARGS };
}

/** `np.float32`, `torch.long`, `'int64'`, `float`, `bool`: the kind of number, as the interpreter types it. */
function dtypeKind(e: Expr): 'float' | 'int' | 'bool' | null {
  const text = e.kind === 'name' ? e.name : e.kind === 'str' ? e.value : e.kind === 'unsupported' ? e.text : '';
  const last = text.slice(text.lastIndexOf('.') + 1);
  if (/^(float|double|half|bfloat)/.test(last)) return 'float';
  if (/^(u?int|long|short)/.test(last)) return 'int';
  return last === 'bool' || last === 'bool_' ? 'bool' : null;
}

/** `F.embedding(ids, table)` is `table[ids]`: the row of each id, a gather. */
const embeddingSpecial: Special = (call) => {
  const [ids, table] = call.args;
  if (!ids || !table) return call;
  return { kind: 'index', target: table, items: [{ kind: 'expr', expr: ids, span: ids.span }], span: call.span };
};

/** `tf.matmul(a, b, transpose_b=True)` is `matmul(a, transpose(b))`. */
const tfMatmulSpecial: Special = (call) => {
  const flag = (key: string) => {
    const v = call.kwargs[key];
    return v !== undefined && v.kind === 'const' && v.value === true;
  };
  const wrap = (x: Expr, key: string): Expr => (flag(key) ? { kind: 'call', op: 'transpose', args: [x], kwargs: NO_KWARGS, span: x.span, callee: key } : x);
  const [a, b] = call.args;
  if (!a || !b) return call;
  return { ...call, args: [wrap(a, 'transpose_a'), wrap(b, 'transpose_b')], kwargs: NO_KWARGS };
};

/** TensorFlow's 4-entry NHWC `ksize` / `strides` lists carry the window in their spatial entries. */
const nhwcSpatialSpecial: Special = (call) => {
  const spatial = (e: Expr): Expr => (e.kind === 'tuple' && e.items.length === 4 ? { kind: 'tuple', items: e.items.slice(1, 3), span: e.span } : e);
  const kwargs = { ...call.kwargs };
  for (const key of ['stride', 'strides', 'dilations']) if (kwargs[key]) kwargs[key] = spatial(kwargs[key]);
  const args = call.op === 'max_pool2d' && call.args[1] ? [call.args[0], spatial(call.args[1]), ...call.args.slice(2)] : call.args;
  return { ...call, args, kwargs };
};

/** `keras.Input(shape=(784,))` is a placeholder with the batch dim unknown in front. */
const kerasInputSpecial: Special = (call) => {
  const shape = call.args[0];
  if (!shape || shape.kind !== 'tuple') return call;
  const batch: Expr = { kind: 'const', value: null, span: shape.span };
  return { ...call, args: [{ kind: 'tuple', items: [batch, ...shape.items], span: shape.span }] };
};

/** `torch.transpose(x, 0, 1)` exchanges two axes: `transpose(x, swap=(0, 1))`. */
const swapSpecial: Special = (call) => {
  const [x, d0, d1] = call.args;
  if (!x || !d0 || !d1) return call;
  return { ...call, args: [x], kwargs: { swap: tuple([d0, d1]) } };
};

/**
 * `.transpose()` reverses the axes; `.transpose(1, 0, 2)` / `.transpose((1, 0))` permute them
 * (NumPy); `.transpose(0, 1)` with exactly two axes exchanges them (PyTorch — for the 2-D
 * arrays NumPy code passes two axes to, the result is the same).
 */
const methodTransposeSpecial: Special = (call, _bound, args) => {
  const [x, ...axes] = args.positional;
  if (!x) return call;
  if (axes.length === 0) return { ...call, args: [x] };
  if (axes.length === 2) return { ...call, args: [x], kwargs: { swap: tuple(axes) } };
  return { ...call, args: [x], kwargs: { perm: axes.length === 1 ? asShape(axes[0]) : tuple(axes) } };
};

/** `.permute(2, 0, 1)` / `torch.permute(x, (2, 0, 1))`. */
const permuteSpecial: Special = (call, _bound, args) => {
  const [x, ...axes] = args.positional;
  if (!x || axes.length === 0) return call;
  return { ...call, args: [x], kwargs: { perm: axes.length === 1 ? asShape(axes[0]) : tuple(axes) } };
};

/** Python's `max(a, b)` on two values is elementwise. */
const builtinMaxMinSpecial: Special = (call) =>
  call.args.length === 2 ? { ...call, op: call.op === 'max' ? 'maximum' : 'minimum' } : { kind: 'unsupported', text: call.callee, args: call.args, span: call.span };

/** `x.var(axis=0)` is the mean of the squared deviation from the mean, exactly; `std` its root. */
const varianceSpecial: Special = (call) => {
  const x = call.args[0];
  if (!x) return call;
  const keep: Expr = { kind: 'const', value: true, span: call.span };
  const mean: Expr = { ...call, op: 'mean', args: [x], kwargs: call.kwargs.axis ? { axis: call.kwargs.axis, keepdims: keep } : { keepdims: keep } };
  const deviation: Expr = { ...call, op: 'sub', args: [x, mean], kwargs: NO_KWARGS };
  const variance: Expr = { ...call, op: 'mean', args: [{ ...call, op: 'square', args: [deviation], kwargs: NO_KWARGS }], kwargs: call.kwargs };
  return call.op === 'sqrt' ? { ...call, op: 'sqrt', args: [variance], kwargs: NO_KWARGS } : variance;
};

/**
 * `F.layer_norm(x, shape, weight, bias)` and `F.batch_norm(x, mean, var, weight, bias,
 * training=True)`: the norm ops take weight and bias as inputs, 1 and 0 where the call
 * leaves them out. Batch norm with training=False standardises with the running
 * statistics it is given: a different function, not read here.
 */
const normSpecial: Special = (call, bound) => {
  const x = bound.get('x');
  if (!x) return call;
  const training = call.kwargs.training;
  if (call.op === 'batch_norm' && !(training?.kind === 'const' && training.value === true)) return { kind: 'unsupported', text: `${call.callee} without training=True`, args: [x], span: call.span };
  const kwargs = { ...call.kwargs };
  delete kwargs.training;
  return { ...call, args: [x, bound.get('weight') ?? num(1, call), bound.get('bias') ?? num(0, call)], kwargs };
};

/** A value the call gives, unless it is absent or `None`. */
const given = (e: Expr | undefined): Expr | undefined => (e && !(e.kind === 'const' && e.value === null) ? e : undefined);

/**
 * `tf.nn.moments(x, axes)`: the mean and the biased variance over the axes, a pair. And
 * `tf.nn.batch_normalization(x, mean, variance, offset, scale, eps)`, which takes its
 * statistics as inputs (from tf.nn.moments or running averages, the gradient flowing
 * through them or not as the code says): (x − mean) / √(variance + eps) ⊙ scale + offset,
 * written with the ops it is made of, as TensorFlow does.
 */
const momentsSpecial: Special = (call, bound) => {
  const x = bound.get('x');
  if (!x) return call;
  const op = (name: string, args: Expr[], kwargs: Record<string, Expr> = NO_KWARGS): CallExpr => ({ ...call, op: name, args, kwargs });
  const deviation = op('sub', [x, op('mean', [x], { ...call.kwargs, keepdims: { kind: 'const', value: true, span: call.span } })]);
  return tuple([op('mean', [x], call.kwargs), op('mean', [op('square', [deviation])], call.kwargs)]);
};

const batchNormalizationSpecial: Special = (call, bound) => {
  const [x, mean, variance, eps] = [bound.get('x'), bound.get('mean'), bound.get('variance'), bound.get('variance_epsilon')];
  if (!x || !mean || !variance || !eps) return call;
  const op = (name: string, args: Expr[]): CallExpr => ({ ...call, op: name, args, kwargs: NO_KWARGS });
  const scale = given(bound.get('scale'));
  const offset = given(bound.get('offset'));
  const standard = op('div', [op('sub', [x, mean]), op('sqrt', [op('add', [variance, eps])])]);
  const scaled = scale ? op('mul', [standard, scale]) : standard;
  return offset ? op('add', [scaled, offset]) : scaled;
};

function tuple(items: Expr[]): TupleExpr {
  return { kind: 'tuple', items, span: { start: items[0].span.start, end: items[items.length - 1].span.end } };
}

// ---- Functions ---------------------------------------------------------------------------

const FUNCTIONS: Record<string, CallRule> = {};

function define(spellings: string[], rule: CallRule): void {
  for (const s of spellings) FUNCTIONS[s] = rule;
}

// Elementwise maps: each module's spellings (ops/elementwise/).
for (const op of UNARY_OPS) {
  for (const s of op.spellings.python) {
    if (typeof s === 'string') define([s], { op: op.name, params: 'x' });
    else define([...s.names], { op: op.name, params: s.params, attrs: s.attrs });
  }
}
// Every other op with a module (ops/general/ and each family's folder).
for (const op of [...LEAF_MODULES, ...OP_MODULES]) for (const s of op.spellings.python) define([...s.names], { op: op.name, params: s.params, attrs: s.attrs });
// Python's builtin max/min of two values is the elementwise op of the module (ops/binary/).
define(['builtins.max'], { op: 'max', params: 'a, b', special: builtinMaxMinSpecial });
define(['builtins.min'], { op: 'min', params: 'a, b', special: builtinMaxMinSpecial });
// Linear algebra.
// The linear algebra has modules (ops/linalg/); these spellings rewrite their calls.
define(['tensorflow.matmul'], { op: 'matmul', params: 'a, b, transpose_a=, transpose_b=', special: tfMatmulSpecial });
define(['torch.transpose', 'torch.swapaxes', 'numpy.swapaxes'], { op: 'transpose', params: 'x, dim0, dim1', special: swapSpecial });
define(['torch.permute'], { op: 'transpose', params: 'x, dims', special: permuteSpecial });
// Reductions.
// Variance and deviation, written out as means of squared deviations (the reductions have modules, ops/reduce/).
define(['numpy.var', 'torch.var'], { op: 'mean', params: 'x, axis=, keepdims=, -ddof', special: varianceSpecial });
define(['numpy.std', 'torch.std'], { op: 'sqrt', params: 'x, axis=, keepdims=, -ddof', special: varianceSpecial });
// Normalisation (the ops have modules, ops/reduce/); weight and bias are optional.
define(['torch.nn.functional.layer_norm', 'torch.layer_norm'], { op: 'layer_norm', params: 'x, normalized_shape=normalized, weight, bias, eps=', special: normSpecial });
define(['torch.nn.functional.batch_norm'], { op: 'batch_norm', params: 'x, -running_mean, -running_var, weight, bias, training=, -momentum, eps=', special: normSpecial });
define(['tensorflow.nn.moments'], { op: 'mean', params: 'x, axes=axis, -shift, keepdims=', special: momentsSpecial });
define(['tensorflow.nn.batch_normalization'], { op: 'add', params: 'x, mean, variance, offset, scale, variance_epsilon', special: batchNormalizationSpecial });
// Losses: PyTorch's and Keras's written as their ops (losses.ts; F.cross_entropy's reduction and
// label smoothing around the fused op); the sparse form reads as a label gather (the fused losses have modules, ops/loss/).
for (const { names, rule } of LOSS_FUNCTIONS) define(names, rule);
define(['tensorflow.nn.sparse_softmax_cross_entropy_with_logits'], { op: 'neg', params: 'labels, logits', special: sparseCrossEntropySpecial });
// Creation: the spellings whose arguments the front end rewrites (the leaves have modules, ops/creation/).
define(['tensorflow.random.uniform', 'tensorflow.random_uniform'], { op: 'rand', params: '@shape, minval, maxval, dtype, -seed, -name', special: tfUniformSpecial });
define(['tensorflow.constant'], { op: 'full', params: 'value, dtype, @shape?', special: tfConstantSpecial });
define(['numpy.arange', 'torch.arange', 'builtins.range', 'tensorflow.range'], { op: 'arange', params: 'start, stop, step', special: arangeSpecial });
define(['numpy.random.randint', 'torch.randint'], { op: 'randint', params: 'low, high, @size', special: randintSpecial });
define(['keras.Input', 'keras.layers.Input'], { op: 'placeholder', params: '@shape?', special: kerasInputSpecial });
for (const { names, rule } of LIKE_FUNCTIONS) define(names, rule);
// Wrappers that hand their argument through: variables, parameters, conversions.
define(['numpy.array', 'numpy.asarray', 'torch.tensor', 'torch.as_tensor', 'tensorflow.convert_to_tensor', 'tensorflow.Variable'], { op: 'array', params: 'x, dtype', special: arraySpecial });
define(['torch.nn.Parameter', 'torch.from_numpy', 'builtins.int', 'builtins.float'], { op: 'identity', params: 'x' });
define(['torch.nn.functional.interpolate', 'torch.nn.functional.upsample'], { op: 'upsample_layer', params: 'x, size=, scale_factor=, mode=, -align_corners, -recompute_scale_factor, -antialias', attrs: { layout: 'NCHW' } });
// A cast keeps the shape: `tf.cast(h > 0, tf.float32)` is the ReLU mask as numbers, as `.astype(float)` is.
define(['tensorflow.cast', 'tensorflow.dtypes.cast'], { op: 'identity', params: 'x, -dtype, -name' });
// Shapes.
define(['builtins.len'], { op: 'dim', params: 'x', special: lenSpecial });
define(['builtins.reversed'], { op: 'reversed', params: 'x' });
define(['builtins.list', 'builtins.tuple'], { op: 'list', params: 'x' });
define(['builtins.enumerate'], { op: 'enumerate', params: 'x, start=' });
define(['builtins.zip'], { op: 'zip', params: '*xs' });
define(['numpy.shape', 'tensorflow.shape'], { op: 'shape', params: 'x' });
// Convolution and pooling as TensorFlow writes them, [1, h, w, 1] lists (the ops have modules, ops/conv/).
define(['tensorflow.nn.conv2d'], { op: 'conv2d', params: 'x, w, strides=, padding=, -use_cudnn_on_gpu, data_format=layout, dilations=', attrs: { layout: 'NHWC' }, special: nhwcSpatialSpecial });
define(['tensorflow.nn.max_pool', 'tensorflow.nn.max_pool2d'], { op: 'max_pool2d', params: 'x, ksize, strides=stride, padding=, data_format=layout', attrs: { layout: 'NHWC' }, special: nhwcSpatialSpecial });
define(['torch.nn.functional.embedding'], { op: 'embedding', params: 'x, weight, -padding_idx, -max_norm, -norm_type, -scale_grad_by_freq, -sparse', special: embeddingSpecial });

// ---- Methods (`x.sum(axis=0)`): the receiver binds to the first parameter -------------------

/** A method rule; one that names a library is that library's method (NumPy's `a.repeat` is not PyTorch's). */
interface MethodRule extends CallRule {
  library?: ArrayLibrary;
}

const BOOKKEEPING: Record<string, CallRule> = {
  transpose: { op: 'transpose', params: 'x, *axes', special: methodTransposeSpecial },
  permute: { op: 'transpose', params: 'x, *axes', special: permuteSpecial },
  var: { op: 'mean', params: 'x, axis=, keepdims=, -ddof', special: varianceSpecial },
  std: { op: 'sqrt', params: 'x, axis=, keepdims=, -ddof', special: varianceSpecial },
  size: { op: 'dim', params: 'x, axis', special: sizeSpecial },
  // Device, dtype and bookkeeping methods leave the shape alone.
  to: { op: 'identity', params: 'x' },
  cuda: { op: 'identity', params: 'x' },
  cpu: { op: 'identity', params: 'x' },
  float: { op: 'identity', params: 'x' },
  double: { op: 'identity', params: 'x' },
  long: { op: 'identity', params: 'x' },
  numpy: { op: 'identity', params: 'x' },
  contiguous: { op: 'identity', params: 'x' },
  astype: { op: 'identity', params: 'x' },
  requires_grad_: { op: 'identity', params: 'x' },
  item: { op: 'identity', params: 'x' },
  as_list: { op: 'identity', params: 'x' },
};

/** Method rules by name: the ones above, each elementwise module's, and each general module's (by library where they differ). */
const METHODS = new Map<string, MethodRule[]>();
const defineMethod = (name: string, rule: MethodRule) => METHODS.set(name, [...(METHODS.get(name) ?? []), rule]);
for (const [name, rule] of Object.entries(BOOKKEEPING)) defineMethod(name, rule);
for (const op of UNARY_OPS) for (const m of op.spellings.methods ?? []) defineMethod(m, { op: op.name, params: 'x' });
for (const op of OP_MODULES) {
  for (const s of op.spellings.methods ?? []) for (const m of s.names) defineMethod(m, { op: op.name, params: s.params, attrs: s.attrs, library: s.library });
}

/**
 * The rule of a method call: the receiver's library's, when it is known (libraries.ts). Else
 * the rules that accept the call's arguments (`a.repeat(2, axis=0)` is NumPy's: PyTorch's
 * has no axis), of the libraries the file imports; `ambiguous` when these still read the
 * call as different ops. Then PyTorch's is taken: a chain of tensor methods with bare counts
 * (`x.repeat(B, 1, 1)`) is its idiom, NumPy code more often calls np.repeat with an axis.
 */
function methodRule(cx: Context, rules: MethodRule[], receiver: PyNode, args: CallArgs): { rule: MethodRule; ambiguous: boolean } {
  if (rules.length === 1) return { rule: rules[0], ambiguous: false };
  const library = receiverLibrary(cx, receiver);
  const own = library && (rules.find((r) => r.library === library) ?? rules.find((r) => r.library === undefined));
  if (own) return { rule: own, ambiguous: false };
  const fitting = rules.filter((r) => accepts(r, args.positional.length + 1, args.keywords.keys()));
  const imported = importedLibraries(cx);
  const candidates = narrowed(narrowed(rules, fitting), fitting.filter((r) => r.library === undefined || imported.has(r.library)));
  const rule = candidates.find((r) => r.library === 'torch') ?? candidates[0];
  return { rule, ambiguous: candidates.some((r) => r.op !== rule.op) };
}

const LIBRARY_NAMES: Record<ArrayLibrary, string> = { numpy: 'NumPy', torch: 'PyTorch', tensorflow: 'TensorFlow' };

function ambiguityMessage(receiver: string, name: string, rule: MethodRule): string {
  const whose = (r: MethodRule) => (r.library ? `${LIBRARY_NAMES[r.library]}'s` : 'the other');
  const others = (METHODS.get(name) ?? []).filter((r) => r.op !== rule.op).map((r) => `${whose(r)} is \`${r.op}\``);
  const short = receiver.length > 30 ? `${receiver.slice(0, 30)}…` : receiver;
  const hint = /^[A-Za-z_]\w*$/.test(receiver) ? ` (an annotation such as \`${receiver}: np.ndarray\` would)` : '';
  return `\`.${name}\` is read as ${whose(rule)}, which is \`${rule.op}\`; ${others.join(', ')}: the code does not say which library made \`${short}\`${hint}`;
}

/** The narrower list when it keeps any. */
const narrowed = <T>(all: T[], some: T[]): T[] => (some.length > 0 ? some : all);

export function functionRule(qualified: string): CallRule | undefined {
  return Object.hasOwn(FUNCTIONS, qualified) ? FUNCTIONS[qualified] : undefined;
}

function applyRule(rule: CallRule, args: CallArgs, callee: string): Expr {
  const bound = bind(rule, args);
  if (rule.op === 'identity') {
    const x = bound.get('x');
    if (x?.kind === 'str' && (callee === 'float' || callee === 'builtins.float')) return floatOfText(x);
    // A literal list handed to np.array / torch.tensor is data the front end cannot shape.
    return x && x.kind !== 'tuple' ? x : { kind: 'unsupported', text: callee, args: args.positional, span: args.span };
  }
  const call = emit(rule.op, rule, bound, args.span, callee);
  return rule.special ? rule.special(call, bound, args) : call;
}

/** `float('-inf')`, `float('nan')`, `float('0.5')`: the number the text spells. */
function floatOfText(x: Expr & { kind: 'str' }): Expr {
  const text = x.value.trim().toLowerCase().replace(/^([+-]?)inf(inity)?$/, '$1Infinity');
  const value = text === '' ? Number.NaN : Number(text);
  return Number.isNaN(value) && !/^[+-]?nan$/.test(text) ? { kind: 'unsupported', text: 'float', args: [x], span: x.span } : { kind: 'num', value, span: x.span };
}

function unsupported(text: string, args: CallArgs): Expr {
  return { kind: 'unsupported', text, args: [...args.positional, ...args.keywords.values()], span: args.span };
}

/** A call node: a layer application, a library function, a method, or unsupported. */
export function lowerCall(cx: Context, node: PyNode): Expr {
  const [fn, argList] = named(node);
  const span = cx.span(node);
  if (!fn) return { kind: 'unsupported', text: cx.src(node), args: [], span };
  // `Dense(64)(x)`, `nn.Linear(3, 4)(x)`: construct and apply at once.
  if (fn.type === 'call') {
    const layer = buildLayer(cx, fn, null);
    const args = lowerArgs(cx, argList, span);
    return layer ? constructedHere(applyLayer(layer, args.positional, span, cx.src(named(fn)[0] ?? fn), args.keywords)) : unsupported(shortSource(cx, fn), args);
  }
  if (fn.type === 'subscript') {
    const layer = indexedLayer(cx, fn);
    if (layer) {
      const args = lowerArgs(cx, argList, span);
      return applyLayer(layer, args.positional, span, shortSource(cx, fn), args.keywords);
    }
  }
  const tape = cx.tapes.size ? tapeGradient(cx, fn, argList, span) : null;
  if (tape) return tape;
  const dotted = dottedName(cx, fn);
  const generated = dotted !== null ? generatorCall(cx, dotted) : null;
  if (generated) return applyRule(generated.rule, lowerArgs(cx, argList, span), dotted as string);
  if (dotted !== null) {
    const layer = cx.layers.get(dotted);
    if (layer) cx.unread.delete(dotted);
    if (layer) {
      const args = lowerArgs(cx, argList, span);
      return applyLayer(layer, args.positional, span, dotted, args.keywords);
    }
    const qualified = cx.imports.qualify(dotted, (q) => functionRule(q) !== undefined);
    if (qualified === FUNCTIONAL_LINEAR) return functionalLinear(lowerArgs(cx, argList, span), span, dotted);
    if (qualified !== null && Object.hasOwn(MERGE_FUNCTIONS, qualified)) {
      const args = lowerArgs(cx, argList, span, false);
      return merged(MERGE_FUNCTIONS[qualified], args.positional[0] ?? args.keywords.get('inputs'), args.positional[1] ?? args.keywords.get('axis'), span, dotted);
    }
    // An optimiser or its schedule (`optim.Adam(net.parameters(), lr=2e-4)`): training machinery with no shape of its own.
    if (qualified !== null && OPTIMISERS.test(qualified)) return { kind: 'const', value: null, span };
    // A library function: the common case, decided first.
    const rule = qualified !== null ? functionRule(qualified) : undefined;
    if (rule) return applyRule(rule, lowerArgs(cx, argList, span), dotted);
    // `nn.ModuleList([Block(d) for _ in range(n)])`, `nn.ModuleDict(dict(h=...))` of the user's own modules: the list or dict itself.
    const list = qualified === USER_MODULE_LIST || qualified === USER_MODULE_DICT ? firstNamed(argList) : undefined;
    if (list && list.type !== 'keyword_argument') return cx.expr(list);
    // `dict(wte=..., h=...)`: the dict its keywords make.
    if (qualified === null && isDictCall(cx, node)) {
      const args = lowerArgs(cx, argList, span, false);
      return { kind: 'dict', keys: [...args.keywords.keys()], items: [...args.keywords.values()], span };
    }
    if (qualified !== null && isLayerName(qualified)) {
      if (qualified === 'torch.nn.Sequential') return sequential(lowerArgs(cx, argList, span, false).positional, span, dotted);
      // keras.Sequential([...]) of the user's own layers: its one list, in order.
      if (qualified === 'keras.Sequential' || qualified === 'keras.models.Sequential') {
        const [list] = lowerArgs(cx, argList, span, false).positional;
        if (list?.kind === 'tuple') return sequential(list.items, span, dotted);
      }
      // Built in an expression (`return keras.Model(inputs, outputs)` in a function that builds it), the model
      // adds nothing to read: its layers ran where they were written. None, as the value, says nothing more.
      if (isFunctionalModel(cx, node)) return { kind: 'const', value: null, span };
      // A layer made where the code runs (`layers.append(nn.Linear(a, b))`): a value, applied where it is called.
      const made = buildLayer(cx, node, null);
      if (made) return layerObject(made);
    }
    if (qualified !== null) return unsupported(dotted, lowerArgs(cx, argList, span));
  }
  if (fn.type === 'attribute') {
    const [receiver, method] = named(fn);
    // A method of `self` is the class's own, never a tensor method of the same name.
    const rules = receiver && method && !(receiver.type === 'identifier' && cx.src(receiver) === 'self') ? METHODS.get(cx.src(method)) : undefined;
    if (rules && receiver && method) {
      const args = lowerArgs(cx, argList, span);
      const chosen = methodRule(cx, rules, receiver, args);
      if (chosen.ambiguous) cx.report('ambiguous-method', 'info', span, ambiguityMessage(cx.src(receiver), cx.src(method), chosen.rule));
      args.positional.unshift(cx.expr(receiver));
      return applyRule(chosen.rule, args, dotted ?? `.${cx.src(method)}`);
    }
  }
  const args = lowerArgs(cx, argList, span, false);
  // `f(*args)`: which parameter gets what is not known.
  if (dotted === null || args.starred) return unsupported(dotted ?? shortSource(cx, fn), args);
  return invoke(dotted, args);
}

const FUNCTIONAL_LINEAR = 'torch.nn.functional.linear';
const OPTIMISERS = /^(torch\.optim|(tensorflow\.)?keras\.optimizers)\./;

/** `F.linear(x, W, b)`: x·Wᵀ + b, with W stored (out, in) as nn.Linear stores it. */
function functionalLinear(args: CallArgs, span: Span, callee: string): Expr {
  const [x, w = args.keywords.get('weight'), b = args.keywords.get('bias')] = args.positional;
  if (!x || !w) return unsupported(callee, args);
  const call = (op: string, operands: Expr[]): Expr => ({ kind: 'call', op, args: operands, kwargs: NO_KWARGS, span, callee });
  const product = call('matmul', [x, call('transpose', [w])]);
  return b && !(b.kind === 'const' && b.value === null) ? call('add', [product, b]) : product;
}

const USER_MODULE_LIST = 'torch.nn.ModuleList';
const USER_MODULE_DICT = 'torch.nn.ModuleDict';

/** Marks the layer calls of a construct-and-apply (`Dense(64)(x)`, a Sequential's chain) as new at each run. */
function constructedHere(expr: Expr): Expr {
  if (expr.kind !== 'call') return expr;
  return { ...expr, fresh: true, args: expr.args.map(constructedHere) };
}

/** `rng = np.random.default_rng(0)`: its methods draw as the np.random functions of the same meaning. */
const GENERATOR_METHODS: Record<string, string> = {
  normal: 'numpy.random.normal',
  standard_normal: 'numpy.random.standard_normal',
  random: 'numpy.random.random',
  uniform: 'numpy.random.uniform',
  integers: 'numpy.random.randint',
};

export const DEFAULT_RNG = 'numpy.random.default_rng';

function generatorCall(cx: Context, dotted: string): { rule: CallRule } | null {
  const dot = dotted.lastIndexOf('.');
  if (dot <= 0 || !cx.generators.has(dotted.slice(0, dot))) return null;
  const method = dotted.slice(dot + 1);
  const rule = Object.hasOwn(GENERATOR_METHODS, method) ? functionRule(GENERATOR_METHODS[method]) : undefined;
  return rule ? { rule } : null;
}

/** A call the interpreter resolves where it runs: a user function, class, instance or method. */
function invoke(name: string, args: CallArgs): Expr {
  const kwargs: Record<string, Expr> = args.keywords.size ? Object.fromEntries(args.keywords) : NO_KWARGS;
  return { kind: 'invoke', name, args: args.positional, kwargs, span: args.span };
}
