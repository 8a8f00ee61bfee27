import type { CallExpr, Expr } from '../ir/program';
import type { Span } from '../ir/span';
import type { Dim } from '../shapes/dim';
import { attentionLayer } from './attention-layer';
import { convTranspose2dLayer, conv1dLayer } from './conv-layers';
import { activation, bias, channelsPerGroup, checkFeatures, dim, type LayerArg, type LayerTracer, numberOf, pairOf, param, str, unknownInput } from './layer-parts';
import { recurrentLayer } from './recurrent-layers';
import { type TensorValue, UNKNOWN, type Value } from './values';

export type { LayerTracer } from './layer-parts';

/**
 * Layer ops (nn.Linear, Dense, nn.Conv2d, Conv2D, the norms and embeddings here; the 1-D and
 * transposed convolutions, recurrent layers and attention in their own files) create named
 * parameters once and expand into plain graph ops, so the numeric and symbolic passes only
 * ever see matmul, transpose, add, conv2d, indexing and activations.
 */
export function expandLayer(tracer: LayerTracer, call: CallExpr, args: Value[], kwargs: Record<string, Value>): Value {
  const arg: LayerArg = (i, key) => ({ value: kwargs[key] ?? args[i] ?? UNKNOWN, expr: call.kwargs[key] ?? call.args[i] });
  const x = tracer.toTensor(arg(0, 'x').value, call.args[0]?.span ?? call.span);
  const name = tracer.paramName(str(kwargs.name) ?? call.callee.replace(/^self\./, ''));
  const useBias = kwargs.bias === undefined || !(kwargs.bias.kind === 'const' && kwargs.bias.value === false);
  if (x.kind !== 'tensor') return recovered(tracer, call, arg, kwargs, name, useBias);
  switch (call.op) {
    case 'linear': {
      const inF = arg(1, 'in_features');
      const outF = dim(arg(2, 'out_features').value);
      const inDim = dim(inF.value);
      if (!checkFeatures(tracer, call, x, inDim, inF.expr, name, 'input features', x.shape.length - 1, 'Linear')) return UNKNOWN;
      const w = param(tracer, `${name}.weight`, [outF, inDim], call.span);
      const wt = tracer.applyOp('transpose', [w], { perm: null }, call.span, [call.span], 'transpose');
      let y = tracer.applyOp('matmul', [x, wt], {}, call.span, [call.span, call.span], call.callee);
      if (useBias) y = tracer.applyOp('add', [y, param(tracer, `${name}.bias`, [outF], call.span)], {}, call.span, [call.span, call.span], call.callee);
      return y;
    }
    case 'dense': {
      const units = dim(arg(1, 'units').value);
      const inDim = x.shape[x.shape.length - 1];
      const w = param(tracer, `${name}.kernel`, [inDim, units], call.span);
      let y = tracer.applyOp('matmul', [x, w], {}, call.span, [call.span, call.span], call.callee);
      if (useBias) y = tracer.applyOp('add', [y, param(tracer, `${name}.bias`, [units], call.span)], {}, call.span, [call.span, call.span], call.callee);
      return activation(tracer, y, str(kwargs.activation), call.span);
    }
    case 'conv2d_layer': {
      const inC = arg(1, 'in_channels');
      const outC = dim(arg(2, 'out_channels').value);
      const k = pairOf(arg(3, 'kernel_size').value);
      const inDim = dim(inC.value);
      if (!checkFeatures(tracer, call, x, inDim, inC.expr, name, 'input channels', 1, 'Conv2d')) return UNKNOWN;
      const groups = numberOf(kwargs.groups ?? args[7], 1);
      const perGroup = channelsPerGroup(tracer, call, inDim, groups, `Conv2d ${name}`);
      if (perGroup === null) return UNKNOWN;
      const w = param(tracer, `${name}.weight`, [outC, perGroup, k[0], k[1]], call.span);
      const one: Value = { kind: 'number', value: 1, span: call.span };
      const attrs = { strides: tracer.toAttr(kwargs.stride ?? args[4] ?? one), padding: tracer.toAttr(kwargs.padding ?? args[5] ?? { kind: 'number', value: 0, span: call.span }), dilations: tracer.toAttr(kwargs.dilation ?? args[6] ?? one), groups, layout: 'NCHW' };
      let y = tracer.applyOp('conv2d', [x, w], attrs, call.span, [call.span, call.span], call.callee);
      return useBias ? bias(tracer, call, y, name, outC, 2) : y;
    }
    case 'norm_layer':
      return normalise(tracer, call, x, name, kwargs);
    case 'embedding':
      return embed(tracer, call, x, name, arg, kwargs);
    case 'conv1d_layer':
      return conv1dLayer(tracer, call, x, name, arg, kwargs, useBias);
    case 'conv_transpose2d_layer':
      return convTranspose2dLayer(tracer, call, x, name, arg, kwargs, useBias);
    case 'recurrent_layer':
      return recurrentLayer(tracer, call, x, name, arg, kwargs, useBias);
    case 'attention_layer':
      return attentionLayer(tracer, call, x, name, arg, kwargs, useBias);
    case 'keras_conv2d': {
      const filters = dim(arg(1, 'filters').value);
      const k = pairOf(arg(2, 'kernel_size').value);
      const inDim = x.shape[3] ?? '?';
      const groups = numberOf(kwargs.groups, 1);
      const perGroup = channelsPerGroup(tracer, call, inDim, groups, `Conv2D ${name}`);
      if (perGroup === null) return UNKNOWN;
      const w = param(tracer, `${name}.kernel`, [k[0], k[1], perGroup, filters], call.span);
      const one: Value = { kind: 'number', value: 1, span: call.span };
      const attrs = { strides: tracer.toAttr(kwargs.strides ?? one), padding: tracer.toAttr(kwargs.padding ?? { kind: 'str', value: 'valid' }), dilations: tracer.toAttr(kwargs.dilation ?? one), groups, layout: 'NHWC' };
      let y = tracer.applyOp('conv2d', [x, w], attrs, call.span, [call.span, call.span], call.callee);
      if (useBias) y = tracer.applyOp('add', [y, param(tracer, `${name}.bias`, [filters], call.span)], {}, call.span, [call.span, call.span], call.callee);
      return activation(tracer, y, str(kwargs.activation), call.span);
    }
  }
  return UNKNOWN;
}

/**
 * A layer whose input is unknown (an unsupported layer before it) still says what it gives:
 * a Linear its out features, a Conv2d its channels, the rest unknown, so the layers after it
 * are checked. The value cannot be computed: it is marked as such for the numeric passes.
 */
function recovered(tracer: LayerTracer, call: CallExpr, arg: LayerArg, kwargs: Record<string, Value>, name: string, useBias: boolean): Value {
  const channelsLast = str(kwargs.layout) === 'NLC' || str(kwargs.layout) === 'NHWC';
  switch (call.op) {
    case 'linear':
      return unknownInput(tracer, call, ['?', dim(arg(2, 'out_features').value)]);
    case 'dense':
      return unknownInput(tracer, call, ['?', dim(arg(1, 'units').value)]);
    case 'conv2d_layer':
      return unknownInput(tracer, call, ['?', dim(arg(2, 'out_channels').value), '?', '?']);
    case 'keras_conv2d':
      return unknownInput(tracer, call, ['?', '?', '?', dim(arg(1, 'filters').value)]);
    case 'conv1d_layer':
      return unknownInput(tracer, call, channelsLast ? ['?', '?', dim(arg(1, 'filters').value)] : ['?', dim(arg(2, 'out_channels').value), '?']);
    case 'conv_transpose2d_layer':
      return unknownInput(tracer, call, channelsLast ? ['?', '?', '?', dim(arg(1, 'filters').value)] : ['?', dim(arg(2, 'out_channels').value), '?', '?']);
    case 'recurrent_layer':
      return recurrentLayer(tracer, call, null, name, arg, kwargs, useBias);
    default:
      return UNKNOWN;
  }
}

/**
 * BatchNorm (training statistics: over every axis but the channels) and LayerNorm (over the
 * last `normalized` axes), written out: (x − mean) / √(var + eps) · weight + bias, with the
 * biased variance as both libraries use, so checks and derivations see the real function.
 */
function normalise(tracer: LayerTracer, call: CallExpr, x: TensorValue, name: string, kwargs: Record<string, Value>): Value {
  const rank = x.shape.length;
  const eps = kwargs.eps?.kind === 'number' && typeof kwargs.eps.value === 'number' ? kwargs.eps.value : 1e-5;
  const batch = str(kwargs.kind) === 'batch';
  const span = call.span;
  let axes: number[];
  let paramShape: Dim[];
  if (batch) {
    const channel = str(kwargs.layout) === 'NHWC' || rank === 2 ? rank - 1 : 1;
    axes = [...Array(rank).keys()].filter((a) => a !== channel);
    // NCHW keeps its channel parameters as (C, 1, 1) so they broadcast over the spatial axes.
    paramShape = channel === rank - 1 ? [x.shape[channel]] : [x.shape[channel], ...Array<Dim>(rank - 2).fill(1)];
  } else {
    const given = kwargs.normalized;
    const count = given?.kind === 'tuple' ? given.items.length : 1;
    axes = [...Array(Math.min(count, rank)).keys()].map((k) => rank - 1 - k).reverse();
    paramShape = x.shape.slice(rank - axes.length);
  }
  const op = (name: string, inputs: Value[], attrs = {}) => tracer.applyOp(name, inputs, attrs, span, inputs.map(() => span), call.callee);
  if (str(kwargs.kind) === 'group') return groupNormalise(tracer, call, x, name, kwargs, eps, op);
  const mean = op('mean', [x], { axis: axes, keepdims: true });
  const centred = op('sub', [x, mean]);
  const variance = op('mean', [op('square', [centred])], { axis: axes, keepdims: true });
  const normalised = op('div', [centred, op('sqrt', [op('add', [variance, { kind: 'number', value: eps, span }])])]);
  const scaled = op('mul', [normalised, param(tracer, `${name}.weight`, paramShape, span)]);
  return op('add', [scaled, param(tracer, `${name}.bias`, paramShape, span)]);
}

/**
 * GroupNorm: the channels split into `groups` groups, each standardised over its channels and
 * the spatial axes of each sample, then per-channel weight and bias. Needs the channel count
 * and the groups as numbers; otherwise its values are not computed (its shape still is).
 */
function groupNormalise(tracer: LayerTracer, call: CallExpr, x: TensorValue, name: string, kwargs: Record<string, Value>, eps: number, op: (name: string, inputs: Value[], attrs?: object) => Value): Value {
  const rank = x.shape.length;
  const channels = x.shape[1];
  const groups = kwargs.groups?.kind === 'number' ? kwargs.groups.value : null;
  if (rank < 2 || typeof channels !== 'number' || typeof groups !== 'number' || groups < 1 || channels % groups !== 0) {
    tracer.report('unsupported-op', 'warning', call.span, `Grad Lens computes GroupNorm only when its channels (${String(channels)}) split evenly into a known number of groups; its values are unknown here`);
    return UNKNOWN;
  }
  const rest = x.shape.slice(2);
  const grouped = op('reshape', [x], { shape: [-1, groups, channels / groups, ...rest] });
  const axes = [...Array(rest.length + 1).keys()].map((k) => k + 2);
  const mean = op('mean', [grouped], { axis: axes, keepdims: true });
  const centred = op('sub', [grouped, mean]);
  const variance = op('mean', [op('square', [centred])], { axis: axes, keepdims: true });
  const normalised = op('div', [centred, op('sqrt', [op('add', [variance, { kind: 'number', value: eps, span: call.span }])])]);
  const back = op('reshape', [normalised], { shape: [-1, channels, ...rest] });
  const paramShape: Dim[] = [channels, ...Array<Dim>(rest.length).fill(1)];
  return op('add', [op('mul', [back, param(tracer, `${name}.weight`, paramShape, call.span)]), param(tracer, `${name}.bias`, paramShape, call.span)]);
}

/**
 * nn.Embedding / keras Embedding: row i of the (num_embeddings, dim) table for
 * each integer i of the input, a gather whose gradient adds into the rows it read.
 */
function embed(tracer: LayerTracer, call: CallExpr, x: TensorValue, name: string, arg: LayerArg, kwargs: Record<string, Value>): Value {
  const count = dim(arg(1, 'num_embeddings').value);
  const width = dim(arg(2, 'embedding_dim').value);
  // Ids declared by a comment are data of no stated kind: read as ids, they are integers below the table's size.
  const ids = tracer.builder.node(x.node);
  if (ids.leaf?.role === 'input' && ids.dtype === 'float') {
    ids.leaf.role = 'labels';
    ids.dtype = 'int';
  }
  const table = param(tracer, `${name}.${str(kwargs.weight_name) ?? 'weight'}`, [count, width], call.span);
  return tracer.applyOp('index', [table, x], { items: [{ kind: 'tensor', input: 1 }] as never }, call.span, [call.span, x.origin.span], call.callee);
}


