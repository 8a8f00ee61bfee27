import { type CanonicalOp, type ClassStmt, type DefStmt, type Expr, NO_KWARGS, type Stmt } from '../../ir/program';
import { UNARY_OPS } from '../../ops/index';
import type { Span } from '../../ir/span';
import { bind, emit, literal, lowerArgs, type Signature } from './bind';
import { dottedName, type Context } from './context';
import { dataclassInit, type DataclassField, fieldDefault } from './dataclass';
import type { LayerValue } from './layer-value';
import { applyLossClass, LOSS_CLASSES } from './losses';
import { childOfType, firstNamed, named, type PyNode } from './tree';

/**
 * Layer objects: `nn.Linear(9216, 128)`, `Dense(64, activation='relu')`, `nn.Sequential(...)`.
 * Constructing one emits nothing; it is recorded (under the name it is assigned to, or
 * inline) and inlined where it is applied to a tensor, so `x = self.fc1(x)` becomes
 * `linear(x, 9216, 128, name='fc1')` whose numbers keep their spans in `__init__`.
 */
interface LayerRule extends Signature {
  op: CanonicalOp | 'identity' | 'sequence' | 'container' | 'activation' | 'add_all' | 'concat_all' | 'model' | 'bidirectional' | 'loss';
  /** Auto-name stem: Keras's snake-case class name, or the PyTorch class in lower case. */
  stem: string;
  keras?: boolean;
  /** Tensors the layer is applied to (2 for a loss module). */
  inputs?: number;
  /** Positional arguments filled in when the constructor leaves them out. */
  defaults?: number[];
  /** Keywords of the layer's call (not its constructor) it reads, under the names it reads them by. */
  callKeywords?: Readonly<Record<string, string>>;
}

/** Layers that own parameters get a `name` attribute: the interpreter keys their weights by it. */
const PARAMETER_OPS = new Set<string>(['linear', 'conv2d_layer', 'dense', 'keras_conv2d', 'norm_layer', 'embedding', 'conv1d_layer', 'conv_transpose2d_layer', 'recurrent_layer', 'attention_layer']);

const TORCH_RNN = 'input_size, hidden_size, num_layers=, bias=, batch_first=, -dropout, bidirectional=, -proj_size';
const KERAS_RNN = 'units, -activation, -recurrent_activation, use_bias=bias, -kernel_initializer, -recurrent_initializer, -bias_initializer, -unit_forget_bias, -kernel_regularizer, -recurrent_regularizer, -bias_regularizer, -activity_regularizer, -kernel_constraint, -recurrent_constraint, -bias_constraint, -dropout, -recurrent_dropout, -seed, return_sequences=, return_state=, go_backwards=';

const LAYERS: Record<string, LayerRule> = {
  'torch.nn.Linear': { op: 'linear', params: 'in_features, out_features, bias=', stem: 'linear' },
  'torch.nn.Conv2d': { op: 'conv2d_layer', params: 'in_channels, out_channels, kernel_size, stride=, padding=, dilation=, groups=', stem: 'conv2d' },
  'torch.nn.MaxPool2d': { op: 'max_pool2d', params: 'kernel_size, stride=, padding=', attrs: { layout: 'NCHW' }, stem: 'maxpool2d' },
  'torch.nn.AvgPool2d': { op: 'avg_pool2d', params: 'kernel_size, stride=, padding=, ceil_mode=, count_include_pad=, divisor_override=', attrs: { layout: 'NCHW' }, stem: 'avgpool2d' },
  'torch.nn.AdaptiveAvgPool2d': { op: 'adaptive_avg_pool2d', params: 'output_size', attrs: { layout: 'NCHW' }, stem: 'adaptiveavgpool2d' },
  'torch.nn.AdaptiveMaxPool2d': { op: 'adaptive_max_pool2d', params: 'output_size, return_indices=', attrs: { layout: 'NCHW' }, stem: 'adaptivemaxpool2d' },
  'torch.nn.Flatten': { op: 'flatten', params: 'start_dim=, end_dim=', attrs: { start_dim: 1 }, stem: 'flatten' },
  'torch.nn.TransformerEncoderLayer': { op: 'transformer_layer', params: 'd_model, nhead, dim_feedforward=, -dropout, -activation, -layer_norm_eps, batch_first=, norm_first=, -bias', stem: 'transformerencoderlayer' },
  'torch.nn.TransformerEncoder': { op: 'transformer_layer', params: '-encoder_layer, -num_layers, -norm, -enable_nested_tensor, -mask_check', stem: 'transformerencoder' },
  // Applied to (tgt, memory): the shape of tgt.
  'torch.nn.TransformerDecoderLayer': { op: 'transformer_decoder_layer', params: 'd_model, nhead, dim_feedforward=, -dropout, -activation, -layer_norm_eps, batch_first=, norm_first=, -bias', stem: 'transformerdecoderlayer', inputs: 2 },
  'torch.nn.TransformerDecoder': { op: 'transformer_decoder_layer', params: '-decoder_layer, -num_layers, -norm', stem: 'transformerdecoder', inputs: 2 },
  'torch.nn.Transformer': { op: 'transformer_decoder_layer', params: 'd_model=, nhead=, -num_encoder_layers, -num_decoder_layers, dim_feedforward=, -dropout, -activation, -custom_encoder, -custom_decoder, -layer_norm_eps, batch_first=, norm_first=, -bias', attrs: { output: 'second' }, stem: 'transformer', inputs: 2 },
  'torch.nn.Upsample': { op: 'upsample_layer', params: 'size=, scale_factor=, mode=, -align_corners, -recompute_scale_factor', attrs: { layout: 'NCHW' }, stem: 'upsample' },
  'torch.nn.UpsamplingNearest2d': { op: 'upsample_layer', params: 'size=, scale_factor=', attrs: { layout: 'NCHW' }, stem: 'upsamplingnearest2d' },
  'torch.nn.Softmax': { op: 'softmax', params: 'axis=', stem: 'softmax' },
  'torch.nn.LogSoftmax': { op: 'log_softmax', params: 'axis=', stem: 'logsoftmax' },
  'torch.nn.Dropout': { op: 'identity', params: '-p', stem: 'dropout' },
  'torch.nn.Dropout2d': { op: 'identity', params: '-p', stem: 'dropout2d' },
  // Normalisation keeps the shape.
  // Normalisation with the statistics of the batch at hand, as in training.
  'torch.nn.BatchNorm1d': { op: 'norm_layer', params: '-num_features, eps=, -momentum, affine=, -track_running_stats', attrs: { kind: 'batch', layout: 'NCHW' }, stem: 'batchnorm1d' },
  'torch.nn.BatchNorm2d': { op: 'norm_layer', params: '-num_features, eps=, -momentum, affine=, -track_running_stats', attrs: { kind: 'batch', layout: 'NCHW' }, stem: 'batchnorm2d' },
  'torch.nn.LayerNorm': { op: 'norm_layer', params: 'normalized_shape=normalized, eps=, elementwise_affine=affine', attrs: { kind: 'layer' }, stem: 'layernorm' },
  'torch.nn.GroupNorm': { op: 'norm_layer', params: 'num_groups=groups, -num_channels, eps=, -affine', attrs: { kind: 'group' }, stem: 'groupnorm' },
  'torch.nn.Embedding': { op: 'embedding', params: 'num_embeddings, embedding_dim, padding_idx=, -max_norm, -norm_type, -scale_grad_by_freq, -sparse', stem: 'embedding' },
  'torch.nn.Conv1d': { op: 'conv1d_layer', params: 'in_channels, out_channels, kernel_size, stride=, padding=, dilation=, groups=, bias=', attrs: { layout: 'NCL' }, stem: 'conv1d' },
  'torch.nn.ConvTranspose2d': { op: 'conv_transpose2d_layer', params: 'in_channels, out_channels, kernel_size, stride=, padding=, output_padding=, groups=, bias=, dilation=', attrs: { layout: 'NCHW' }, stem: 'convtranspose2d' },
  // Recurrent layers return (out, h), or (out, (h, c)) for an LSTM.
  'torch.nn.RNN': { op: 'recurrent_layer', params: 'input_size, hidden_size, num_layers=, -nonlinearity, bias=, batch_first=, -dropout, bidirectional=', attrs: { cell: 'rnn', framework: 'torch' }, stem: 'rnn' },
  'torch.nn.LSTM': { op: 'recurrent_layer', params: TORCH_RNN, attrs: { cell: 'lstm', framework: 'torch' }, stem: 'lstm' },
  'torch.nn.GRU': { op: 'recurrent_layer', params: TORCH_RNN, attrs: { cell: 'gru', framework: 'torch' }, stem: 'gru' },
  'torch.nn.MultiheadAttention': { op: 'attention_layer', params: 'embed_dim, num_heads, -dropout, bias=, -add_bias_kv, -add_zero_attn, kdim=, vdim=, batch_first=', attrs: { framework: 'torch' }, stem: 'multiheadattention', inputs: 3, callKeywords: { need_weights: 'need_weights', average_attn_weights: 'average_attn_weights' } },
  'torch.nn.Identity': { op: 'identity', params: '', stem: 'identity' },
  'torch.nn.Sequential': { op: 'sequence', params: '', stem: 'sequential' },
  'torch.nn.ModuleList': { op: 'container', params: '', stem: 'modulelist' },
  'torch.nn.ModuleDict': { op: 'container', params: '', stem: 'moduledict' },
  'keras.layers.Dense': { op: 'dense', params: 'units, activation=', stem: 'dense', keras: true },
  'keras.layers.Conv2D': { op: 'keras_conv2d', params: 'filters, kernel_size, strides=, padding=, -data_format, dilation_rate=dilation, groups=, activation=', stem: 'conv2d', keras: true },
  'keras.layers.Conv1D': { op: 'conv1d_layer', params: 'filters, kernel_size, strides=stride, padding=, -data_format, dilation_rate=dilation, groups=, activation=, use_bias=bias', attrs: { layout: 'NLC' }, stem: 'conv1d', keras: true },
  'keras.layers.Conv2DTranspose': { op: 'conv_transpose2d_layer', params: 'filters, kernel_size, strides=stride, padding=, output_padding=, -data_format, dilation_rate=dilation, activation=, use_bias=bias', attrs: { layout: 'NHWC' }, stem: 'conv2d_transpose', keras: true },
  'keras.layers.Embedding': { op: 'embedding', params: 'input_dim, output_dim, -embeddings_initializer, -embeddings_regularizer, -embeddings_constraint, -mask_zero', attrs: { weight_name: 'embeddings' }, stem: 'embedding', keras: true },
  'keras.layers.SimpleRNN': { op: 'recurrent_layer', params: KERAS_RNN, attrs: { cell: 'rnn', framework: 'keras' }, stem: 'simple_rnn', keras: true },
  'keras.layers.LSTM': { op: 'recurrent_layer', params: KERAS_RNN, attrs: { cell: 'lstm', framework: 'keras' }, stem: 'lstm', keras: true },
  'keras.layers.GRU': { op: 'recurrent_layer', params: KERAS_RNN, attrs: { cell: 'gru', framework: 'keras' }, stem: 'gru', keras: true },
  // Called as mha(query, value, key=None): its inputs are kept in that order.
  'keras.layers.MultiHeadAttention': { op: 'attention_layer', params: 'num_heads, key_dim, value_dim=, -dropout, use_bias=bias, output_shape=', attrs: { framework: 'keras' }, stem: 'multi_head_attention', keras: true, inputs: 3, callKeywords: { query: 'x', value: 'value', key: 'key', return_attention_scores: 'return_attention_scores' } },
  'keras.layers.Bidirectional': { op: 'bidirectional', params: '', stem: 'bidirectional', keras: true },
  'keras.layers.Flatten': { op: 'flatten', params: '', attrs: { start_dim: 1 }, stem: 'flatten', keras: true },
  'keras.layers.UpSampling2D': { op: 'upsample_layer', params: 'size=scale_factor, -data_format, interpolation=mode', attrs: { layout: 'NHWC' }, stem: 'up_sampling2d', keras: true },
  'keras.layers.MaxPooling2D': { op: 'max_pool2d', params: 'pool_size, strides=stride, padding=', attrs: { layout: 'NHWC' }, stem: 'max_pooling2d', keras: true, defaults: [2] },
  'keras.layers.MaxPool2D': { op: 'max_pool2d', params: 'pool_size, strides=stride, padding=', attrs: { layout: 'NHWC' }, stem: 'max_pooling2d', keras: true, defaults: [2] },
  // Keras's 'same' padding leaves the padding out of each mean, as TensorFlow's does.
  'keras.layers.AveragePooling2D': { op: 'avg_pool2d', params: 'pool_size, strides=stride, padding=, data_format=layout', attrs: { layout: 'NHWC', count_include_pad: false }, stem: 'average_pooling2d', keras: true, defaults: [2] },
  'keras.layers.AvgPool2D': { op: 'avg_pool2d', params: 'pool_size, strides=stride, padding=, data_format=layout', attrs: { layout: 'NHWC', count_include_pad: false }, stem: 'average_pooling2d', keras: true, defaults: [2] },
  'keras.layers.Dropout': { op: 'identity', params: '-rate', stem: 'dropout', keras: true },
  'keras.layers.Softmax': { op: 'softmax', params: 'axis=', stem: 'softmax', keras: true },
  'keras.layers.Activation': { op: 'activation', params: 'activation', stem: 'activation', keras: true },
  'keras.Sequential': { op: 'sequence', params: '', stem: 'sequential', keras: true },
  // Activation layers: each elementwise module's own (ops/elementwise/).
  ...Object.fromEntries(UNARY_OPS.flatMap((op) => (op.spellings.layers ?? []).map(({ qualified, ...rule }): [string, LayerRule] => [qualified, { op: op.name, ...rule }]))),
  'keras.models.Sequential': { op: 'sequence', params: '', stem: 'sequential', keras: true },
  // Loss objects (losses.ts): `nn.MSELoss(reduction='sum')`, `keras.losses.BinaryCrossentropy(from_logits=True)`.
  ...Object.fromEntries(LOSS_CLASSES.map((qualified): [string, LayerRule] => [qualified, { op: 'loss', params: '', stem: 'loss', inputs: 2 }])),
  // The functional API's model: its layers were applied where they were written.
  'keras.Model': { op: 'model', params: '', stem: 'model', keras: true },
  'keras.models.Model': { op: 'model', params: '', stem: 'model', keras: true },
  'keras.layers.BatchNormalization': { op: 'norm_layer', params: '-axis, -momentum, epsilon=eps', attrs: { kind: 'batch', layout: 'NHWC', eps: 0.001 }, stem: 'batch_normalization', keras: true },
  'keras.layers.LayerNormalization': { op: 'norm_layer', params: '-axis, epsilon=eps', attrs: { kind: 'layer', normalized: 1, eps: 0.001 }, stem: 'layer_normalization', keras: true },
  'keras.layers.Reshape': { op: 'reshape', params: '@target_shape', stem: 'reshape', keras: true },
  'keras.layers.Add': { op: 'add_all', params: '', stem: 'add', keras: true },
  'keras.layers.Concatenate': { op: 'concat_all', params: 'axis=', stem: 'concatenate', keras: true },
  'keras.layers.GlobalAveragePooling2D': { op: 'mean', params: '', attrs: { axis: 'spatial' }, stem: 'global_average_pooling2d', keras: true },
  'keras.layers.GlobalMaxPooling2D': { op: 'max', params: '', attrs: { axis: 'spatial' }, stem: 'global_max_pooling2d', keras: true },
};

/** Keras activation names (also `tf.nn.relu` passed as a function) → ops. */
const ACTIVATIONS: Record<string, CanonicalOp | 'identity'> = {
  softmax: 'softmax', linear: 'identity', log_softmax: 'log_softmax',
  ...Object.fromEntries(UNARY_OPS.flatMap((op) => (op.spellings.activations ?? []).map((a) => [a, op.name]))),
};

function ruleFor(cx: Context, call: PyNode): { rule: LayerRule; callee: string; qualified: string } | null {
  const fn = firstNamed(call);
  const callee = fn ? dottedName(cx, fn) : null;
  if (!callee) return null;
  const qualified = cx.imports.qualify(callee);
  const rule = qualified && Object.hasOwn(LAYERS, qualified) ? LAYERS[qualified] : undefined;
  return rule && qualified ? { rule, callee, qualified } : null;
}

/** A qualified name that constructs a layer (`torch.nn.Linear`, `keras.layers.Dense`). */
export function isLayerName(qualified: string): boolean {
  return Object.hasOwn(LAYERS, qualified);
}

export function isLayerConstructor(cx: Context, call: PyNode): boolean {
  return call.type === 'call' && ruleFor(cx, call) !== null;
}

/** `keras.Model(inputs, outputs)`: the functional API's model, whose layers were applied where they were written. */
export function isFunctionalModel(cx: Context, call: PyNode): boolean {
  return call.type === 'call' && ruleFor(cx, call)?.rule.op === 'model';
}

/**
 * The layer a constructor call builds, or null when the call is not a layer constructor.
 * `owner` is the name it is assigned to (`fc1` for `self.fc1 = ...`), `ownerSpan` where that
 * name is written; layers that own parameters are named after it, else auto-named.
 */
export function buildLayer(cx: Context, call: PyNode, owner: string | null, ownerSpan?: Span): LayerValue | null {
  const found = ruleFor(cx, call);
  if (!found) return null;
  const { rule, callee } = found;
  const span = cx.span(call);
  const argList = named(call)[1];
  // Keras numbers every layer it constructs, named or not; keep that order.
  const auto = rule.keras ? cx.autoName(rule.stem) : null;
  // `nn.Sequential(*layers)`: a list made where the code runs, read there (see layerObject);
  // so is one that holds the user's own modules (`nn.Sequential(nn.MaxPool2d(2), DoubleConv(a, b))`).
  if (rule.op === 'sequence' && argList && named(argList).some((a) => a.type === 'list_splat' || isUserModule(cx, a) || ((a.type === 'list' || a.type === 'tuple') && holdsUserModules(cx, a)))) return null;
  if (rule.op === 'sequence') return buildSequence(cx, rule, argList, owner, callee, span);
  if (rule.op === 'container') return buildContainer(cx, argList, owner, callee, span);
  if (rule.op === 'model') return { kind: 'unknown', text: callee, span };
  if (rule.op === 'bidirectional') return bidirectional(cx, argList, owner, auto, callee, span);
  const args = lowerArgs(cx, argList, span);
  if (rule.op === 'loss') return { kind: 'layer', op: 'loss', args: args.positional, kwargs: Object.fromEntries(args.keywords), inputs: 2, callee, span, loss: found.qualified };
  const explicit = args.keywords.get('name');
  const inputShape = args.keywords.get('input_shape');
  if (args.keywords.size) {
    args.keywords.delete('name');
    args.keywords.delete('input_shape');
  }
  if (rule.op === 'activation') return activationLayer(cx, args.positional[0] ?? args.keywords.get('activation'), callee, span);
  const op = rule.op as CanonicalOp | 'identity';
  // An identity layer's attributes are never used; `copy` only stands in to run the binding.
  const call_ = emit(op === 'identity' ? 'copy' : op, rule, bind(rule, args), span, callee);
  rule.defaults?.forEach((value, i) => {
    if (call_.args.length <= i) call_.args.push({ kind: 'num', value, span });
  });
  // A copy: the emitted kwargs may be the shared empty ones.
  const kwargs = { ...call_.kwargs };
  if (kwargs.activation) kwargs.activation = activationName(kwargs.activation);
  if (PARAMETER_OPS.has(rule.op)) {
    kwargs.name = explicit && explicit.kind === 'str' ? explicit : { kind: 'str', value: owner ?? auto ?? cx.autoName(rule.stem), span: ownerSpan ?? cx.span(firstNamed(call) ?? call) };
  }
  // Keras's global pooling averages over the two spatial axes of NHWC.
  if (kwargs.axis?.kind === 'str' && kwargs.axis.value === 'spatial') kwargs.axis = { kind: 'tuple', items: [literal(1, span), literal(2, span)], span };
  const layer: LayerValue = { kind: 'layer', op, args: call_.args, kwargs, inputs: rule.inputs ?? 1, callee, span };
  // Keras's target shape leaves the batch out.
  if (rule.keras && op === 'reshape' && layer.args[0]?.kind === 'tuple') layer.args[0] = { ...layer.args[0], items: [literal(-1, span), ...layer.args[0].items] };
  if (rule.keras) layer.label = explicit && explicit.kind === 'str' ? explicit.value : (auto ?? rule.stem);
  if (inputShape) layer.inputShape = batchFirst(inputShape);
  if (rule.callKeywords) layer.callKeywords = rule.callKeywords;
  return layer;
}

/**
 * `Bidirectional(LSTM(64))`: the recurrent layer run both ways, its two outputs concatenated
 * (the default merge mode); unknown for another wrapped layer or merge mode.
 */
function bidirectional(cx: Context, argList: PyNode | undefined, owner: string | null, auto: string | null, callee: string, span: Span): LayerValue {
  const items = argList ? named(argList) : [];
  const inner = items[0]?.type === 'call' ? buildLayer(cx, items[0], null) : null;
  const merge = items.find((a) => a.type === 'keyword_argument' && cx.src(named(a)[0] ?? a) === 'merge_mode');
  const concatenated = !merge || /^['"]concat['"]$/.test(cx.src(named(merge)[1] ?? merge));
  if (!inner || inner.kind !== 'layer' || inner.op !== 'recurrent_layer' || !concatenated) return { kind: 'unknown', text: callee, span };
  const kwargs = { ...inner.kwargs, bidirectional: literal(true, span), name: { kind: 'str' as const, value: owner ?? auto ?? 'bidirectional', span } };
  return { ...inner, kwargs, callee, span, label: auto ?? 'bidirectional' };
}

/** `(784,)` → `(None, 784)`: a Keras shape leaves the batch out. */
function batchFirst(shape: Expr): Expr {
  const items = shape.kind === 'tuple' ? shape.items : [shape];
  return { kind: 'tuple', items: [{ kind: 'const', value: null, span: shape.span }, ...items], span: shape.span };
}

function buildSequence(cx: Context, rule: LayerRule, argList: PyNode | undefined, owner: string | null, callee: string, span: Span): LayerValue {
  let items = argList ? named(argList).filter((a) => a.type !== 'keyword_argument') : [];
  // keras.Sequential takes one list; nn.Sequential takes the layers as arguments.
  if (rule.keras && items.length === 1 && (items[0].type === 'list' || items[0].type === 'tuple')) items = named(items[0]);
  // `keras.Input(shape=(784,))` first in the list: the input, not a layer.
  let inputShape: Expr | undefined;
  const first = items[0];
  if (rule.keras && first?.type === 'call') {
    const input = kerasInputShape(cx, first);
    if (input) {
      inputShape = input;
      items = items.slice(1);
    }
  }
  const layers = items.map((item, i): LayerValue => {
    const childOwner = rule.keras ? null : `${owner ?? 'sequential'}.${i}`;
    if (item.type === 'call') {
      const layer = buildLayer(cx, item, childOwner, cx.span(item));
      if (layer) return layer;
    }
    const name = dottedName(cx, item);
    const known = name ? cx.layers.get(name) : undefined;
    return known ?? { kind: 'unknown', text: cx.src(item).slice(0, 40), span: cx.span(item) };
  });
  const sequence: LayerValue = { kind: 'sequence', layers, callee, span };
  if (rule.keras) {
    sequence.keras = true;
    const given = inputShape ?? (layers[0]?.kind === 'layer' ? layers[0].inputShape : undefined);
    if (given) sequence.inputShape = given;
  }
  return sequence;
}

/** `keras.Input(shape=(784,))` / `layers.InputLayer(input_shape=(784,))`: the input shape with its batch None. */
function kerasInputShape(cx: Context, call: PyNode): Expr | undefined {
  const fn = firstNamed(call);
  const name = fn ? dottedName(cx, fn) : null;
  const qualified = name ? cx.imports.qualify(name) : null;
  if (qualified !== 'keras.Input' && qualified !== 'keras.layers.Input' && qualified !== 'keras.layers.InputLayer') return undefined;
  const args = lowerArgs(cx, named(call)[1], cx.span(call));
  const shape = args.positional[0] ?? args.keywords.get('shape') ?? args.keywords.get('input_shape');
  return shape ? batchFirst(shape) : undefined;
}

/**
 * `nn.ModuleList([a, b])`, `nn.ModuleList([nn.Linear(d, d) for _ in range(3)])`,
 * `nn.ModuleDict({'enc': a, 'dec': b})`: each item named `<owner>.<index or key>`.
 */
function buildContainer(cx: Context, argList: PyNode | undefined, owner: string | null, callee: string, span: Span): LayerValue | null {
  const arg = argList ? named(argList).find((a) => a.type !== 'keyword_argument') : undefined;
  // The user's own modules are values the interpreter makes: the list is read as a list.
  if (arg && holdsUserModules(cx, arg)) return null;
  const base = owner ?? 'modulelist';
  const item = (node: PyNode, key: string): LayerValue => {
    const layer = node.type === 'call' ? buildLayer(cx, node, `${base}.${key}`, cx.span(node)) : null;
    if (layer) return layer;
    const name = dottedName(cx, node);
    return (name ? cx.layers.get(name) : undefined) ?? { kind: 'unknown', text: cx.src(node).slice(0, 40), span: cx.span(node) };
  };
  if (arg?.type === 'dictionary' || (arg && isDictCall(cx, arg))) {
    // `{'enc': a}` or `dict(enc=a)`: a key and a value each.
    const pairs = arg.type === 'dictionary' ? named(arg).filter((p) => p.type === 'pair') : named(named(arg)[1]);
    const keys = pairs.map((p) => cx.src(named(p)[0] ?? p).replace(/^['"]|['"]$/g, ''));
    return { kind: 'container', layers: pairs.map((p, i) => item(named(p)[1] ?? p, keys[i])), keys, callee, span };
  }
  if (arg?.type === 'list' || arg?.type === 'tuple') return { kind: 'container', layers: named(arg).map((n, i) => item(n, String(i))), keys: null, callee, span };
  const repeated = arg ? repetition(cx, arg) : null;
  if (repeated) return { kind: 'container', layers: Array.from({ length: repeated.count }, (_, i) => item(repeated.body, String(i))), keys: null, callee, span };
  return { kind: 'container', layers: [], keys: null, callee, span };
}

/**
 * `[Block(d) for _ in range(n)]`, `[Head(d), Head(d)]`, `{'enc': Encoder(d)}`: a list or dict
 * with an item that is a call of something other than a library layer, or holds one
 * (`dict(h=nn.ModuleList([Block(d) ...]))`).
 */
function holdsUserModules(cx: Context, list: PyNode): boolean {
  const userCall = (n: PyNode | undefined) => n !== undefined && isUserModule(cx, n);
  if (list.type === 'list' || list.type === 'tuple') return named(list).some(userCall);
  if (list.type === 'list_comprehension' || list.type === 'generator_expression') return userCall(named(list)[0]);
  if (list.type === 'dictionary') return named(list).some((pair) => pair.type === 'pair' && userCall(named(pair)[1]));
  if (isDictCall(cx, list)) return named(named(list)[1]).some((k) => userCall(named(k)[1]));
  return false;
}

/** A call of the user's own module (`DoubleConv(a, b)`), or of a library container that holds one. */
function isUserModule(cx: Context, n: PyNode): boolean {
  if (n.type !== 'call') return false;
  if (!isLayerConstructor(cx, n)) {
    // A library's own call (`keras.Input(shape=...)` heading a Sequential) is not the user's module.
    const fn = firstNamed(n);
    const name = fn ? dottedName(cx, fn) : null;
    return name === null || cx.imports.qualify(name) === null;
  }
  const inner = named(n)[1] ? firstNamed(named(n)[1]) : undefined;
  return inner !== undefined && holdsUserModules(cx, inner);
}

/** `dict(wte=..., wpe=...)`: keywords only. */
export function isDictCall(cx: Context, node: PyNode): boolean {
  const [fn, args] = named(node);
  return node.type === 'call' && fn !== undefined && cx.src(fn) === 'dict' && args !== undefined && named(args).length > 0 && named(args).every((a) => a.type === 'keyword_argument');
}

/** The most a comprehension over `range(n)` is repeated when it builds layers. */
const MAX_REPEAT = 64;

/** `[body for _ in range(4)]`: the body and the count, when the count is a literal. */
function repetition(cx: Context, node: PyNode): { body: PyNode; count: number } | null {
  if (node.type !== 'list_comprehension' && node.type !== 'generator_expression') return null;
  const [body, clause] = named(node);
  if (!body || clause?.type !== 'for_in_clause') return null;
  const range = named(clause)[1];
  const [fn, args] = range?.type === 'call' ? named(range) : [];
  const n = fn && args && cx.src(fn) === 'range' && named(args).length === 1 && named(args)[0].type === 'integer' ? Number(cx.src(named(args)[0])) : NaN;
  return Number.isInteger(n) && n >= 0 && n <= MAX_REPEAT ? { body, count: n } : null;
}

/**
 * The layers a loop or comprehension iterates over: a ModuleList, a Sequential, a
 * ModuleDict's `.values()` (or `.items()`, whose pairs give the layer second); null when the
 * iterable is not a container of layers bound to a name.
 */
export function iteratedLayers(cx: Context, iterable: PyNode): { layers: LayerValue[]; pairs: boolean } | null {
  let node = iterable;
  let pairs = false;
  if (node.type === 'call') {
    const [fn, args] = named(node);
    const method = fn?.type === 'attribute' ? named(fn)[1] : undefined;
    const which = method ? cx.src(method) : '';
    if (!fn || !method || (which !== 'values' && which !== 'items') || (args && named(args).length)) return null;
    node = named(fn)[0] ?? fn;
    pairs = which === 'items';
  }
  const name = dottedName(cx, node);
  const value = name ? cx.layers.get(name) : undefined;
  if (!value || (value.kind !== 'container' && value.kind !== 'sequence')) return null;
  return { layers: value.layers, pairs };
}

/** `self.blocks[0]`, `self.heads['cls']`: one layer of a container, by a literal index or key. */
export function indexedLayer(cx: Context, subscript: PyNode): LayerValue | null {
  const [value, key, ...rest] = named(subscript);
  const name = value && !rest.length ? dottedName(cx, value) : null;
  const container = name ? cx.layers.get(name) : undefined;
  if (!key || !container || (container.kind !== 'container' && container.kind !== 'sequence')) return null;
  if (key.type === 'integer' || (key.type === 'unary_operator' && cx.src(key).startsWith('-'))) {
    const i = Number(cx.src(key).replace(/\s+/g, ''));
    return container.layers[i < 0 ? container.layers.length + i : i] ?? null;
  }
  if (key.type === 'string' && container.kind === 'container' && container.keys) {
    const at = container.keys.indexOf(cx.src(key).replace(/^['"]|['"]$/g, ''));
    return at >= 0 ? container.layers[at] : null;
  }
  return null;
}

function activationLayer(cx: Context, value: Expr | undefined, callee: string, span: Span): LayerValue {
  const name = value ? activationName(value) : undefined;
  const op = name && name.kind === 'str' && Object.hasOwn(ACTIVATIONS, name.value) ? ACTIVATIONS[name.value] : undefined;
  if (!op) return { kind: 'unknown', text: callee, span };
  return { kind: 'layer', op, args: [], kwargs: {}, inputs: 1, callee, span };
}

/** `activation=tf.nn.relu` says the same as `activation='relu'`. */
function activationName(value: Expr): Expr {
  if (value.kind === 'name') return { kind: 'str', value: value.name.split('.').pop() ?? value.name, span: value.span };
  return value;
}

/** Appends a layer to a Sequential bound to a name (`model.add(Dense(10))`). */
export function addToSequence(cx: Context, sequence: LayerValue, layerCall: PyNode): LayerValue | null {
  if (sequence.kind !== 'sequence') return null;
  if (sequence.keras && !sequence.layers.length && layerCall.type === 'call') {
    const input = kerasInputShape(cx, layerCall);
    if (input) {
      sequence.inputShape = input;
      return { kind: 'sequence', layers: [], callee: 'keras.Input', span: cx.span(layerCall) };
    }
  }
  const layer = layerCall.type === 'call' ? buildLayer(cx, layerCall, null, cx.span(layerCall)) : null;
  if (!layer) return null;
  if (sequence.keras && !sequence.layers.length && !sequence.inputShape && layer.kind === 'layer' && layer.inputShape) sequence.inputShape = layer.inputShape;
  sequence.layers.push(layer);
  return layer;
}

/**
 * The layer applied to tensors: a canonical call, a chain of them for a Sequential. `keywords`
 * are the call's own; a layer reads those it names.
 */
export function applyLayer(layer: LayerValue, inputs: Expr[], span: Span, callee: string, keywords?: ReadonlyMap<string, Expr>): Expr {
  switch (layer.kind) {
    case 'layer': {
      if (layer.op === 'identity') return inputs[0] ?? { kind: 'unsupported', text: callee, args: [], span };
      if (layer.op === 'loss') return applyLossClass(layer.loss ?? callee, inputs, layer, keywords, span, callee);
      if (layer.op === 'add_all' || layer.op === 'concat_all') return merge(layer, inputs[0], span, callee);
      const given = inputs.slice(0, layer.inputs);
      // Inputs left out (`attn(q)` for `attn(q, k, v)`) keep the constructor's arguments in their places.
      while (layer.args.length && given.length < layer.inputs) given.push({ kind: 'const', value: null, span });
      const kwargs = { ...layer.kwargs };
      for (const [key, as] of Object.entries(layer.callKeywords ?? {})) {
        const value = keywords?.get(key);
        if (value) kwargs[as] = value;
      }
      return { kind: 'call', op: layer.op, args: [...given, ...layer.args], kwargs, span, callee };
    }
    case 'sequence': {
      let x: Expr | undefined = inputs[0];
      if (!x) return { kind: 'unsupported', text: callee, args: [], span };
      for (const child of layer.layers) x = applyLayer(child, [x], span, child.kind === 'unknown' ? child.text : child.callee);
      return x;
    }
    case 'container':
      return { kind: 'unsupported', text: `${callee} (a ${layer.callee} is iterated or indexed, not applied)`, args: inputs, span };
    case 'unknown':
      return { kind: 'unsupported', text: layer.text, args: inputs, span };
  }
}

/**
 * A layer as a value, for code that makes layers where it runs (`layers.append(nn.Linear(a, b))`
 * in a loop, `return nn.Sequential(*blocks)`): the interpreter keeps the layer's call, with
 * its constructor's arguments evaluated there, and applies it where it is called. The
 * tensor inputs are left as holes (None) that the application fills.
 */
export function layerObject(layer: LayerValue): Expr {
  switch (layer.kind) {
    case 'layer': {
      if (layer.op === 'add_all' || layer.op === 'concat_all') return { kind: 'unsupported', text: layer.callee, args: [], span: layer.span };
      const holes = Array.from({ length: layer.inputs }, (): Expr => ({ kind: 'const', value: null, span: layer.span }));
      const op = layer.op === 'identity' ? 'copy' : layer.op;
      const call: Expr = { kind: 'call', op, args: [...holes, ...layer.args], kwargs: layer.kwargs, span: layer.span, callee: layer.callee };
      return { kind: 'call', op: 'layer_object', args: [call], kwargs: NO_KWARGS, span: layer.span, callee: layer.callee };
    }
    case 'sequence':
      return sequential(layer.layers.map(layerObject), layer.span, layer.callee);
    case 'container':
      return { kind: 'tuple', items: layer.layers.map(layerObject), span: layer.span };
    case 'unknown':
      return { kind: 'unsupported', text: layer.text, args: [], span: layer.span };
  }
}

/** `nn.Sequential(a, b, *more)`: the modules in order; a list among them is spliced in where it runs. */
export function sequential(items: Expr[], span: Span, callee: string): Expr {
  return { kind: 'call', op: 'sequential', args: [{ kind: 'tuple', items, span }], kwargs: NO_KWARGS, span, callee };
}

/**
 * A Keras Sequential whose input shape is known is read where it is built: one statement per
 * layer from `from` on (`model.dense = dense(model.input, 128, ...)`), each spanning its
 * layer's constructor, so every layer gets its row and its problems on its own line.
 */
export function kerasLayerStatements(model: string, sequence: Extract<LayerValue, { kind: 'sequence' }>, from: number): Stmt[] {
  const out: Stmt[] = [];
  if (!sequence.inputShape) return out;
  const name = (i: number): string => {
    if (i < 0) return `${model}.input`;
    const layer = sequence.layers[i];
    return `${model}.${(layer.kind === 'layer' && layer.label) || `layer_${i}`}`;
  };
  const ref = (i: number, span: Span): Expr => ({ kind: 'name', name: name(i), span });
  if (from === 0) {
    const span = sequence.inputShape.span;
    out.push({ kind: 'assign', target: { kind: 'name', name: name(-1), span }, op: '=', value: { kind: 'call', op: 'placeholder', args: [sequence.inputShape], kwargs: {}, span, callee: 'input_shape' }, span });
  }
  for (let i = from; i < sequence.layers.length; i++) {
    const layer = sequence.layers[i];
    const callee = layer.kind === 'unknown' ? layer.text : layer.callee;
    out.push({ kind: 'assign', target: { kind: 'name', name: name(i), span: layer.span }, op: '=', value: applyLayer(layer, [ref(i - 1, layer.span)], layer.span, callee), span: layer.span });
  }
  return out;
}

/** Keras `Add()([a, b, c])` adds them all; `Concatenate(axis=-1)([a, b])` concatenates them. */
function merge(layer: Extract<LayerValue, { kind: 'layer' }>, input: Expr | undefined, span: Span, callee: string): Expr {
  return merged(layer.op === 'concat_all' ? 'concat' : 'add', input, layer.kwargs.axis, span, callee);
}

/** Keras's merge functions: `layers.add([x, y])`, `layers.concatenate([a, b, c], axis=-1)`, as their layers. */
export const MERGE_FUNCTIONS: Readonly<Record<string, 'add' | 'concat'>> = { 'keras.layers.add': 'add', 'keras.layers.concatenate': 'concat' };

/** The sum, or the concatenation along `axis` (the last by default), of a list of at least two tensors. */
export function merged(how: 'add' | 'concat', input: Expr | undefined, axis: Expr | undefined, span: Span, callee: string): Expr {
  const items = input?.kind === 'tuple' ? input.items : [];
  if (items.length < 2) return { kind: 'unsupported', text: callee, args: input ? [input] : [], span };
  if (how === 'concat') return { kind: 'call', op: 'concat', args: [{ kind: 'tuple', items, span: input?.span ?? span }, axis ?? literal(-1, span)], kwargs: {}, span, callee };
  return items.slice(1).reduce<Expr>((sum, item) => ({ kind: 'call', op: 'add', args: [sum, item], kwargs: {}, span, callee }), items[0]);
}

/** Lowers one method (the comments just above it go into its head). */
export type LowerFunction = (cx: Context, def: PyNode, out: Stmt[], above: PyNode[]) => void;

/**
 * A class body as a record of its methods. `__init__` is lowered first, so that the layers
 * it constructs (`self.fc1 = nn.Linear(...)`) are known where the other methods apply them.
 */
export function lowerClass(cx: Context, node: PyNode, out: Stmt[], lowerFunction: LowerFunction, dataclass = false): void {
  const body = childOfType(node, 'block');
  const nameNode = childOfType(node, 'identifier');
  if (!body || !nameNode) return;
  const methods: { def: PyNode; comments: PyNode[] }[] = [];
  const attributes: NonNullable<ClassStmt['attributes']> = [];
  const fields: DataclassField[] = [];
  let comments: PyNode[] = [];
  for (const child of body.children) {
    if (child.type === 'comment') {
      comments.push(child);
      continue;
    }
    if (!child.named) continue;
    const assigned = child.type === 'expression_statement' ? firstNamed(child) : undefined;
    if (assigned?.type === 'assignment') {
      // `expansion = 4`, `n_embd: int = 128`; a dataclass's fields are the annotated ones (`n_layer: int`).
      const parts = named(assigned);
      const typed = assigned.children.some((c) => !c.named && c.type === ':');
      const [left, type, right] = typed ? parts : [parts[0], undefined, parts[1]];
      // A name and a value, an annotation between them or in place of the value.
      const single = typed ? parts.length === 2 || parts.length === 3 : parts.length === 2;
      if (left?.type === 'identifier' && single) {
        const value = dataclass && typed ? fieldDefault(cx, right) : right ? cx.expr(right) : undefined;
        if (value) attributes.push({ name: cx.src(left), value, span: cx.span(child) });
        if (dataclass && type) fields.push({ name: cx.src(left), value, span: cx.span(child) });
      }
    }
    const def = child.type === 'decorated_definition' ? childOfType(child, 'function_definition') : child.type === 'function_definition' ? child : undefined;
    if (def) methods.push({ def, comments });
    comments = [];
  }
  const isInit = (def: PyNode) => {
    const name = childOfType(def, 'identifier');
    return name !== undefined && cx.src(name) === '__init__';
  };
  const lowered: Stmt[] = [];
  const lower = ({ def, comments: above }: { def: PyNode; comments: PyNode[] }) => lowerFunction(cx, def, lowered, above);
  methods.filter((m) => isInit(m.def)).forEach(lower);
  methods.filter((m) => !isInit(m.def)).forEach(lower);
  const cls: ClassStmt = { kind: 'class', name: cx.src(nameNode), methods: lowered.filter((s): s is DefStmt => s.kind === 'def'), span: cx.span(node) };
  if (fields.length && !methods.some((m) => isInit(m.def))) cls.methods.unshift(dataclassInit(fields, cx.span(node), cx.text.lastIndexOf('\n', body.start - 1) + 1));
  if (attributes.length) cls.attributes = attributes;
  out.push(cls);
}
