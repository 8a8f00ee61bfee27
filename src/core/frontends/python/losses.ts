import { type CallExpr, type Expr, type IndexExpr, NO_KWARGS } from '../../ir/program';
import type { Span } from '../../ir/span';
import { bind, type Bound, type CallArgs } from './bind';

/**
 * PyTorch's and Keras's losses, each written as the ops it is made of, so the shapes, both
 * evaluators, autodiff, the Jacobian and the check know them without kernels of their own.
 * A tensor argument is bound once by a `let` (its value is one node, however often the
 * formula uses it); every op of the lowering spans the call as written.
 */

/** A loss: its functional signature (library names: `dim=` arrives as `axis`) and how it is written. */
interface Loss {
  /** Qualified function spellings (`torch.nn.functional.mse_loss`). */
  functions: string[];
  /** Qualified class spellings: built with keywords, then applied to the tensors (`nn.MSELoss()(x, t)`). */
  classes: string[];
  params: string;
  /** What no `reduction=` means; Keras's functions give one value per sample, its classes the mean of those. */
  reduction?: { functions: Reduction; classes: Reduction };
  lower: (l: Lowering) => Expr;
}

type Reduction = 'mean' | 'sum' | 'none' | 'batchmean';

/** A loss the lowering cannot write (an argument it does not know the value of): said as the call's name. */
class NotLowered extends Error {}

/** One call being lowered: its bound arguments, and the ops it is written with. */
class Lowering {
  /** Tensor arguments bound by a let, outermost first. */
  readonly shared: { name: string; value: Expr }[] = [];

  constructor(
    private readonly bound: Bound,
    readonly span: Span,
    readonly callee: string,
    private readonly defaultReduction: Reduction,
  ) {}

  /** A tensor argument, as the name its let binds it to. */
  tensor(param: string): Expr {
    const value = this.bound.get(param);
    if (!value) throw new NotLowered(`${this.callee} without ${param}`);
    const name = `⟨${param}⟩`;
    if (!this.shared.some((s) => s.name === name)) this.shared.push({ name, value });
    return { kind: 'name', name, span: value.span };
  }

  /** An argument as written, not bound by a let: for a formula that uses it once. */
  once(param: string): Expr {
    const value = this.bound.get(param);
    if (!value) throw new NotLowered(`${this.callee} without ${param}`);
    return value;
  }

  /** True when the argument is given (and is not None). */
  given(param: string): boolean {
    const value = this.bound.get(param);
    return value !== undefined && !(value.kind === 'const' && value.value === null);
  }

  /** A scalar argument, or its default. */
  scalar(param: string, fallback: number): Expr {
    return this.bound.get(param) ?? this.num(fallback);
  }

  flag(param: string): boolean {
    const value = this.bound.get(param);
    if (value === undefined || (value.kind === 'const' && value.value !== true)) return false;
    if (value.kind === 'const') return true;
    throw new NotLowered(`${this.callee} with ${param} not written as True or False`);
  }

  /** Fails for an argument the lowering does not write (`weight=` of nll_loss). */
  refuse(param: string): void {
    if (this.given(param)) throw new NotLowered(`${this.callee} with ${param}=`);
  }

  num(value: number): Expr {
    return { kind: 'num', value, span: this.span };
  }

  op(name: string, args: Expr[], kwargs: Record<string, Expr> = NO_KWARGS): CallExpr {
    return { kind: 'call', op: name, args, kwargs, span: this.span, callee: this.callee };
  }

  /** `x.sum(axis)` / `x.mean(axis)` over one axis, or over all. */
  sum(x: Expr, axis?: Expr, keepdims = false): CallExpr {
    return this.op('sum', [x], this.axisKwargs(axis, keepdims));
  }

  mean(x: Expr, axis?: Expr): CallExpr {
    return this.op('mean', [x], this.axisKwargs(axis, false));
  }

  private axisKwargs(axis: Expr | undefined, keepdims: boolean): Record<string, Expr> {
    if (!axis) return NO_KWARGS;
    return keepdims ? { axis, keepdims: { kind: 'const', value: true, span: this.span } } : { axis };
  }

  /** `x.shape[axis]`. */
  dim(x: Expr, axis: number): CallExpr {
    return this.op('dim', [x, this.num(axis)]);
  }

  /** `x[arange(N), labels]`: each row's entry at its label. */
  pick(x: Expr, labels: Expr): IndexExpr {
    const rows = this.op('arange', [this.dim(x, 0)]);
    return { kind: 'index', target: x, items: [rows, labels].map((expr) => ({ kind: 'expr' as const, expr, span: this.span })), span: this.span };
  }

  /** The reduction the call asks for (`reduction='sum'`, Keras's `Reduction.SUM`), applied to the values l. */
  reduce(l: Expr, batch?: Expr): Expr {
    switch (this.reduction) {
      case 'none':
        return l;
      case 'sum':
        return this.sum(l);
      case 'mean':
        return this.mean(l);
      case 'batchmean':
        if (!batch) throw new NotLowered(`${this.callee} with reduction='batchmean'`);
        return this.op('div', [this.sum(l), this.dim(batch, 0)]);
    }
  }

  get reduction(): Reduction {
    const value = this.bound.get('reduction');
    if (!value) return this.legacyReduction() ?? this.defaultReduction;
    const text = value.kind === 'str' ? value.value : value.kind === 'name' ? value.name.slice(value.name.lastIndexOf('.') + 1).toLowerCase() : '';
    if (text === 'mean' || text === 'sum' || text === 'none' || text === 'batchmean') return text;
    // Keras: the sum over the batch divided by its size, the mean.
    if (text === 'sum_over_batch_size' || text === 'auto') return 'mean';
    throw new NotLowered(`${this.callee} with this reduction`);
  }

  private legacyReduction(): Reduction | null {
    const given = (param: string) => {
      const v = this.bound.get(param);
      return v?.kind === 'const' && v.value !== null ? v.value : null;
    };
    if (given('reduce') === false) return 'none';
    if (given('size_average') === false) return 'sum';
    return null;
  }
}

// ---- The formulas, shared by the spellings that mean them ----------------------------------

/** −(t·log p + (1 − t)·log(1 − p)): the cross-entropy of probabilities p with targets t. */
function binaryCrossEntropy(l: Lowering, p: Expr, t: Expr): Expr {
  const one = l.num(1);
  const hit = l.op('mul', [t, l.op('log', [p])]);
  const miss = l.op('mul', [l.op('sub', [one, t]), l.op('log', [l.op('sub', [one, p])])]);
  return l.op('neg', [l.op('add', [hit, miss])]);
}

/**
 * The same of logits x, in its stable form relu(x) − x·t + log(1 + exp(−|x|)); with a
 * positive weight w (PyTorch), (1 − t)·x + (1 + (w − 1)·t)·(log(1 + exp(−|x|)) + relu(−x)).
 */
function logitBinaryCrossEntropy(l: Lowering, x: Expr, t: Expr, positiveWeight?: Expr): Expr {
  const softTail = l.op('log1p', [l.op('exp', [l.op('neg', [l.op('abs', [x])])])]);
  if (!positiveWeight) return l.op('add', [l.op('sub', [l.op('relu', [x]), l.op('mul', [x, t])]), softTail]);
  const one = l.num(1);
  const scale = l.op('add', [one, l.op('mul', [l.op('sub', [positiveWeight, one]), t])]);
  return l.op('add', [l.op('mul', [l.op('sub', [one, t]), x]), l.op('mul', [scale, l.op('add', [softTail, l.op('relu', [l.op('neg', [x])])])])]);
}

/** Huber of d = |x − t| at δ: with m = min(d, δ), ½m² + δ·(d − m) (½d² inside δ, δ·(d − ½δ) past it). */
function huber(l: Lowering, x: Expr, t: Expr, delta: Expr): Expr {
  const d = l.op('abs', [l.op('sub', [x, t])]);
  const m = l.op('clip', [d], { max: delta });
  return l.op('add', [l.op('mul', [l.num(0.5), l.op('square', [m])]), l.op('mul', [delta, l.op('sub', [d, m])])]);
}

/** The Euclidean norm along an axis, kept as an axis of size 1, held at least eps (clamp_min). */
function clampedNorm(l: Lowering, x: Expr, axis: Expr, eps: Expr): Expr {
  const norm = l.op('sqrt', [l.sum(l.op('square', [x]), axis, true)]);
  return l.op('clip', [norm], { min: eps });
}

/**
 * Per-row losses l of class-index targets y, weighted by the class weights w: w[y]·l, its
 * sum, or (the mean) its sum over Σ w[y], as PyTorch's nll_loss and cross_entropy weigh them.
 */
function classWeighted(l: Lowering, rows: Expr, y: Expr): Expr {
  const w = l.tensor('weight');
  const wy: Expr = { kind: 'index', target: w, items: [{ kind: 'expr', expr: y, span: l.span }], span: l.span };
  const weighted = l.op('mul', [wy, rows]);
  return l.reduction === 'mean' ? l.op('div', [l.sum(weighted), l.sum(wy)]) : l.reduce(weighted);
}

/** Keras's label smoothing of binary targets: t·(1 − ε) + ε/2. */
function smoothBinary(l: Lowering, t: Expr): Expr {
  if (!l.given('label_smoothing')) return t;
  const e = l.scalar('label_smoothing', 0);
  return l.op('add', [l.op('mul', [t, l.op('sub', [l.num(1), e])]), l.op('mul', [l.num(0.5), e])]);
}

// ---- PyTorch ---------------------------------------------------------------------------

const F = 'torch.nn.functional';
/** The reduction as PyTorch once spelled it (`size_average=False` sums, `reduce=False` keeps every value). */
const LEGACY = 'size_average, reduce';

const TORCH: Loss[] = [
  {
    // (x − t)²
    functions: [`${F}.mse_loss`],
    classes: ['torch.nn.MSELoss'],
    params: `input, target, ${LEGACY}, reduction`,
    lower: (l) => l.reduce(l.op('square', [l.op('sub', [l.tensor('input'), l.tensor('target')])])),
  },
  {
    // |x − t|
    functions: [`${F}.l1_loss`],
    classes: ['torch.nn.L1Loss'],
    params: `input, target, ${LEGACY}, reduction`,
    lower: (l) => l.reduce(l.op('abs', [l.op('sub', [l.tensor('input'), l.tensor('target')])])),
  },
  {
    // Huber at β, divided by β: ½d²/β inside β, d − ½β past it; β = 0 is the L1 loss.
    functions: [`${F}.smooth_l1_loss`],
    classes: ['torch.nn.SmoothL1Loss'],
    params: `input, target, ${LEGACY}, reduction, beta`,
    lower: (l) => {
      const [x, t] = [l.tensor('input'), l.tensor('target')];
      const beta = l.scalar('beta', 1);
      if (beta.kind === 'num' && beta.value === 0) return l.reduce(l.op('abs', [l.op('sub', [x, t])]));
      return l.reduce(l.op('div', [huber(l, x, t, beta), beta]));
    },
  },
  {
    functions: [`${F}.huber_loss`],
    classes: ['torch.nn.HuberLoss'],
    params: 'input, target, reduction, delta, -weight',
    lower: (l) => l.reduce(huber(l, l.tensor('input'), l.tensor('target'), l.scalar('delta', 1))),
  },
  {
    // −(t·log p + (1 − t)·log(1 − p)), times weight (PyTorch also holds each log ≥ −100, which only a p of 0 or 1 reaches).
    functions: [`${F}.binary_cross_entropy`],
    classes: ['torch.nn.BCELoss'],
    params: `input, target, weight, ${LEGACY}, reduction`,
    lower: (l) => {
      const loss = binaryCrossEntropy(l, l.tensor('input'), l.tensor('target'));
      return l.reduce(l.given('weight') ? l.op('mul', [loss, l.tensor('weight')]) : loss);
    },
  },
  {
    functions: [`${F}.binary_cross_entropy_with_logits`],
    classes: ['torch.nn.BCEWithLogitsLoss'],
    params: `input, target, weight, ${LEGACY}, reduction, pos_weight`,
    lower: (l) => {
      const loss = logitBinaryCrossEntropy(l, l.tensor('input'), l.tensor('target'), l.given('pos_weight') ? l.tensor('pos_weight') : undefined);
      return l.reduce(l.given('weight') ? l.op('mul', [loss, l.tensor('weight')]) : loss);
    },
  },
  {
    // −x[n, y_n]: the log-probability of each row's class.
    functions: [`${F}.nll_loss`],
    classes: ['torch.nn.NLLLoss'],
    params: `input, target, weight, size_average, -ignore_index, reduce, reduction`,
    lower: (l) => {
      const y = l.tensor('target');
      const rows = l.op('neg', [l.pick(l.tensor('input'), y)]);
      return l.given('weight') ? classWeighted(l, rows, y) : l.reduce(rows);
    },
  },
  {
    // t·(log t − x) for log-probabilities x (0 where t is 0); exp(t)·(t − x) when t is a log too.
    functions: [`${F}.kl_div`],
    classes: ['torch.nn.KLDivLoss'],
    params: `input, target, ${LEGACY}, reduction, log_target`,
    lower: (l) => {
      const [x, t] = [l.tensor('input'), l.tensor('target')];
      if (l.flag('log_target')) return l.reduce(l.op('mul', [l.op('exp', [t]), l.op('sub', [t, x])]), x);
      const entropy = l.op('where', [l.op('gt', [t, l.num(0)]), l.op('mul', [t, l.op('log', [t])]), l.num(0)]);
      return l.reduce(l.op('sub', [entropy, l.op('mul', [t, x])]), x);
    },
  },
  {
    // −log softmax(x)[n, y_n], the fused op for the mean; label smoothing ε mixes in ε·mean over classes of −log softmax(x).
    functions: [`${F}.cross_entropy`],
    classes: ['torch.nn.CrossEntropyLoss'],
    params: `input, target, weight, size_average, -ignore_index, reduce, reduction, label_smoothing`,
    lower: (l) => {
      const mode = l.reduction;
      if (mode === 'batchmean') l.refuse('reduction');
      if (l.given('weight')) {
        l.refuse('label_smoothing');
        const y = l.tensor('target');
        return classWeighted(l, l.op('neg', [l.pick(l.op('log_softmax', [l.tensor('input')], { axis: l.num(1) }), y)]), y);
      }
      if (mode === 'mean' && !l.given('label_smoothing')) return l.op('cross_entropy', [l.once('input'), l.once('target')]);
      const [x, y] = [l.tensor('input'), l.tensor('target')];
      const smoothing = l.given('label_smoothing') ? l.scalar('label_smoothing', 0) : undefined;
      const classAxis = l.num(1);
      const logProbs = () => l.op('log_softmax', [x], { axis: classAxis });
      const blend = (exact: Expr, uniform: Expr): Expr =>
        smoothing ? l.op('add', [l.op('mul', [l.op('sub', [l.num(1), smoothing]), exact]), l.op('mul', [smoothing, uniform])]) : exact;
      // Per row, for class indices; the mean (and the sum, N means) takes probabilities too.
      if (mode === 'none') return blend(l.op('neg', [l.pick(logProbs(), y)]), l.op('neg', [l.mean(logProbs(), classAxis)]));
      const mean = blend(l.op('cross_entropy', [x, y]), l.op('neg', [l.mean(logProbs())]));
      return mode === 'sum' ? l.op('mul', [mean, l.dim(x, 0)]) : mean;
    },
  },
  {
    // x₁·x₂ / (max(‖x₁‖, ε)·max(‖x₂‖, ε)) along the axis.
    functions: [`${F}.cosine_similarity`],
    classes: ['torch.nn.CosineSimilarity'],
    params: 'x1, x2, axis, eps',
    reduction: { functions: 'none', classes: 'none' },
    lower: (l) => {
      const [a, b] = [l.tensor('x1'), l.tensor('x2')];
      const [axis, eps] = [l.scalar('axis', 1), l.scalar('eps', 1e-8)];
      const norms = l.op('mul', [clampedNorm(l, a, axis, eps), clampedNorm(l, b, axis, eps)]);
      return l.sum(l.op('div', [l.op('mul', [a, b]), norms]), axis);
    },
  },
  {
    // x / max(‖x‖_p, ε) along the axis.
    functions: [`${F}.normalize`],
    classes: [],
    params: 'input, p, axis, eps',
    reduction: { functions: 'none', classes: 'none' },
    lower: (l) => {
      const x = l.tensor('input');
      const [axis, eps] = [l.scalar('axis', 1), l.scalar('eps', 1e-12)];
      const p = l.scalar('p', 2);
      if (p.kind === 'num' && p.value === 2) return l.op('div', [x, clampedNorm(l, x, axis, eps)]);
      const norm = l.op('norm', [x], { ord: p, axis, keepdims: { kind: 'const', value: true, span: l.span } });
      return l.op('div', [x, l.op('clip', [norm], { min: eps })]);
    },
  },
];

// ---- Keras: (y_true, y_pred); a function gives one value per sample (the mean over the last axis) ----

const K = 'keras.losses';
const KERAS_REDUCTION = { functions: 'none', classes: 'mean' } as const;
const LAST = -1;

/**
 * y_true in y_pred's shape: Keras drops or adds the trailing axis of 1 that tells (N,) labels
 * from (N, 1) outputs, which broadcasting would otherwise make (N, N).
 */
function kerasTarget(l: Lowering): Expr {
  const p = l.tensor('y_pred');
  const shape: Expr = { kind: 'tuple', items: [l.op('shape', [p])], span: l.span };
  return l.op('reshape', [l.tensor('y_true'), shape]);
}

/** y_pred as logits: as given with `from_logits=True`, else the log of the probabilities (softmax of which normalises them). */
function kerasLogits(l: Lowering): Expr {
  const p = l.tensor('y_pred');
  return l.flag('from_logits') ? p : l.op('log', [p]);
}

const KERAS: Loss[] = [
  {
    functions: [`${K}.mean_squared_error`, `${K}.mse`, `${K}.MSE`],
    classes: [`${K}.MeanSquaredError`],
    params: 'y_true, y_pred, reduction, -name',
    reduction: KERAS_REDUCTION,
    lower: (l) => l.reduce(l.mean(l.op('square', [l.op('sub', [l.tensor('y_pred'), kerasTarget(l)])]), l.num(LAST))),
  },
  {
    functions: [`${K}.mean_absolute_error`, `${K}.mae`, `${K}.MAE`],
    classes: [`${K}.MeanAbsoluteError`],
    params: 'y_true, y_pred, reduction, -name',
    reduction: KERAS_REDUCTION,
    lower: (l) => l.reduce(l.mean(l.op('abs', [l.op('sub', [l.tensor('y_pred'), kerasTarget(l)])]), l.num(LAST))),
  },
  {
    // Keras also clips probabilities to [1e-7, 1 − 1e-7], which only a saturated output reaches.
    functions: [`${K}.binary_crossentropy`],
    classes: [`${K}.BinaryCrossentropy`],
    params: 'y_true, y_pred, from_logits, label_smoothing, -axis, reduction, -name',
    reduction: KERAS_REDUCTION,
    lower: (l) => {
      const [t, p] = [smoothBinary(l, kerasTarget(l)), l.tensor('y_pred')];
      const loss = l.flag('from_logits') ? logitBinaryCrossEntropy(l, p, t) : binaryCrossEntropy(l, p, t);
      return l.reduce(l.mean(loss, l.num(LAST)));
    },
  },
  {
    // −Σ y·log softmax(z) per sample; of probabilities p, the same with z = log p (Keras normalises p).
    functions: [`${K}.categorical_crossentropy`],
    classes: [`${K}.CategoricalCrossentropy`],
    params: 'y_true, y_pred, from_logits, label_smoothing, -axis, reduction, -name',
    reduction: KERAS_REDUCTION,
    lower: (l) => {
      const y = l.tensor('y_true');
      const e = l.given('label_smoothing') ? l.scalar('label_smoothing', 0) : null;
      // Smoothing ε spreads ε over the C classes: y·(1 − ε) + ε/C.
      const target = e ? l.op('add', [l.op('mul', [y, l.op('sub', [l.num(1), e])]), l.op('div', [e, l.dim(y, LAST)])]) : y;
      return l.reduce(l.op('softmax_cross_entropy', [target, kerasLogits(l)]));
    },
  },
  {
    // −log softmax(z)[n, y_n] per sample, z = log p for probabilities.
    functions: [`${K}.sparse_categorical_crossentropy`],
    classes: [`${K}.SparseCategoricalCrossentropy`],
    params: 'y_true, y_pred, from_logits, -ignore_class, -axis, reduction, -name',
    reduction: KERAS_REDUCTION,
    lower: (l) => l.reduce(l.op('neg', [l.pick(l.op('log_softmax', [kerasLogits(l)], { axis: l.num(LAST) }), l.tensor('y_true'))])),
  },
];

const LOSSES: readonly Loss[] = [...TORCH, ...KERAS];

/** The call written as its ops, each tensor argument bound once; unsupported when it cannot be. */
function lowerLoss(loss: Loss, bound: Bound, span: Span, callee: string, asClass: boolean): Expr {
  const l = new Lowering(bound, span, callee, (asClass ? loss.reduction?.classes : loss.reduction?.functions) ?? 'mean');
  let body: Expr;
  try {
    body = loss.lower(l);
  } catch (e) {
    if (!(e instanceof NotLowered)) throw e;
    return { kind: 'unsupported', text: e.message, args: l.shared.map((s) => s.value), span };
  }
  for (let i = l.shared.length - 1; i >= 0; i--) {
    const { name, value } = l.shared[i];
    body = l.op('let', [value, body], { name: { kind: 'str', value: name, span } });
  }
  return body;
}

/** The call-table rules of the functional spellings (a rule's special does the writing). */
export const LOSS_FUNCTIONS = LOSSES.map((loss) => ({
  names: loss.functions,
  rule: { op: 'let' as const, params: loss.params, special: (call: CallExpr, bound: Bound) => lowerLoss(loss, bound, call.span, call.callee, false) },
}));

const BY_CLASS: ReadonlyMap<string, Loss> = new Map(LOSSES.flatMap((loss) => loss.classes.map((c) => [c, loss] as const)));

/** The qualified class names of the losses (`torch.nn.MSELoss`), for the layer table. */
export const LOSS_CLASSES: readonly string[] = [...BY_CLASS.keys()];

/**
 * A loss object applied (`criterion(out, y)`): the constructor's positional arguments follow
 * the tensors, as PyTorch orders them; its keywords with the call's own.
 */
export function applyLossClass(qualified: string, inputs: Expr[], constructed: { args: Expr[]; kwargs: Record<string, Expr> }, keywords: ReadonlyMap<string, Expr> | undefined, span: Span, callee: string): Expr {
  const loss = BY_CLASS.get(qualified);
  if (!loss) return { kind: 'unsupported', text: callee, args: inputs, span };
  const merged = new Map(Object.entries(constructed.kwargs));
  for (const [k, v] of keywords ?? []) merged.set(k, v);
  const args: CallArgs = { positional: [...inputs.slice(0, 2), ...constructed.args], keywords: merged, span, starred: false };
  return lowerLoss(loss, bind(loss, args), span, callee, true);
}
