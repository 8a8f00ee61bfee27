import type { CallExpr, Expr } from '../ir/program';
import type { Span } from '../ir/span';
import type { Dim } from '../shapes/dim';
import { attentionLayer } from './attention-layer';
import { convTranspose2dLayer, conv1dLayer } from './conv-layers';
import { activation, bias, channelsPerGroup, checkFeatures, dim, intendedOutput, type LayerArg, type LayerTracer, numberOf, pairOf, param, shapeOnly, str, unknownInput } from './layer-parts';
import { recurrentLayer } from './recurrent-layers';
import { upsample } from './upsample-layer';
import { type TensorValue, UNKNOWN, type Value } from './values';

export type { LayerTracer } from './layer-parts';

/**
 * Layer ops (nn.Linear, Dense, nn.Conv2d, Conv2D, the norms and embeddings here; the 1-D and
 * transposed convolutions, recurrent layers and attention in their own files) create named
 * parameters once and expand into plain graph ops, so the numeric and symbolic passes only
 * ever see matmul, transpose, add, conv2d, the norms, indexing and activations.
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
      // After the mistake the output is still (…, out_features): the layers after it are checked with the right rank.
      if (!checkFeatures(tracer, call, x, inDim, inF.expr, name, 'input features', x.shape.length - 1, 'Linear')) return intendedOutput(tracer, call, x, [...x.shape.slice(0, -1), outF]);
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
      if (!checkFeatures(tracer, call, x, inDim, inC.expr, name, 'input channels', 1, 'Conv2d')) return intendedOutput(tracer, call, x, [x.shape[0], outC, '?', '?']);
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
    case 'upsample_layer':
      return upsample(tracer, call, x, kwargs);
    case 'transformer_layer': {
      // Attention, feed-forward and norms keep the shape; d_model must be the features (the encoder gives none of its own).
      const given = arg(1, 'd_model');
      if (given.expr && !checkFeatures(tracer, call, x, dim(given.value), given.expr, name, 'features (d_model)', x.shape.length - 1, 'TransformerEncoderLayer')) return intendedOutput(tracer, call, x, x.shape);
      return shapeOnly(tracer, call, x.shape, '(a Transformer encoder layer: self-attention, feed-forward and norms)');
    }
    case 'transformer_decoder_layer': {
      // (tgt, memory) for a decoder, (src, tgt) for nn.Transformer: the output has the target's shape.
      const second = tracer.toTensor(arg(1, 'memory').value, call.args[1]?.span ?? call.span);
      const target = str(kwargs.output) === 'second' ? second : x;
      if (target.kind !== 'tensor') {
        if (!call.args[1] || call.args[1].kind === 'const') tracer.report('shape-mismatch', 'warning', call.span, `${call.callee} takes two inputs (${str(kwargs.output) === 'second' ? 'the source and the target' : 'the target and the memory'}), and is given one: its output is unknown`);
        return UNKNOWN;
      }
      const given = arg(2, 'd_model');
      if (given.expr && !checkFeatures(tracer, call, target, dim(given.value), given.expr, name, 'features (d_model)', target.shape.length - 1, 'Transformer')) return intendedOutput(tracer, call, target, target.shape);
      return shapeOnly(tracer, call, target.shape, '(a Transformer: self- and cross-attention, feed-forward and norms)');
    }
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
 * The op a layer call's row in the layer table names: the norm layers by the op they
 * compute (BatchNorm: batch_norm, LayerNorm: layer_norm, GroupNorm: group_norm), the others
 * by their own op.
 */
export function layerRowOp(call: CallExpr): string {
  const kind = call.kwargs.kind;
  return call.op === 'norm_layer' && kind?.kind === 'str' ? `${kind.value}_norm` : call.op;
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
 * last `normalized` axes): the batch_norm and layer_norm ops, (x − mean) / √(var + eps) ·
 * weight + bias with the biased variance as both libraries use, so checks and derivations
 * see the real function. Their weight and bias hold one value per channel, or the
 * normalised shape; a layer built with affine=False has none (1 and 0 stand in).
 */
function normalise(tracer: LayerTracer, call: CallExpr, x: TensorValue, name: string, kwargs: Record<string, Value>): Value {
  const rank = x.shape.length;
  const eps = kwargs.eps?.kind === 'number' && typeof kwargs.eps.value === 'number' ? kwargs.eps.value : 1e-5;
  const span = call.span;
  const op = (name: string, inputs: Value[], attrs = {}) => tracer.applyOp(name, inputs, attrs, span, inputs.map(() => span), call.callee);
  const learned = !(kwargs.affine?.kind === 'const' && kwargs.affine.value === false);
  const number = (value: number): Value => ({ kind: 'number', value, span });
  const affine = (shape: Dim[]) => (learned ? [param(tracer, `${name}.weight`, shape, span), param(tracer, `${name}.bias`, shape, span)] : [number(1), number(0)]);
  switch (str(kwargs.kind)) {
    case 'group':
      return groupNormalise(tracer, call, x, name, kwargs, eps, op);
    case 'batch': {
      const channel = str(kwargs.layout) === 'NHWC' || rank === 2 ? rank - 1 : 1;
      return op('batch_norm', [x, ...affine([x.shape[channel]])], { axis: channel, eps });
    }
    default: {
      const given = kwargs.normalized;
      const count = Math.min(given?.kind === 'tuple' ? given.items.length : 1, rank);
      const normalized = x.shape.slice(rank - count);
      return op('layer_norm', [x, ...affine(normalized)], { normalized, eps });
    }
  }
}

/**
 * GroupNorm: the channels split into `groups` groups, each standardised over its channels and
 * the spatial axes of each sample (a layer norm of the grouped tensor), then per-channel
 * weight and bias. Needs the channel count and the groups as numbers; otherwise its values
 * are not computed (its shape still is).
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
  const number = (value: number): Value => ({ kind: 'number', value, span: call.span });
  const normalised = op('layer_norm', [grouped, number(1), number(0)], { normalized: [channels / groups, ...rest], eps });
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
  const rows = tracer.applyOp('index', [table, x], { items: [{ kind: 'tensor', input: 1 }] as never }, call.span, [call.span, x.origin.span], call.callee);
  const padding = paddingRow(kwargs.padding_idx, count);
  return padding === null ? rows : padded(tracer, call, rows, x, padding);
}

/** `padding_idx=-1` counts from the end of the table, as in PyTorch; null when there is none. */
function paddingRow(v: Value | undefined, count: Dim): number | null {
  if (v?.kind !== 'number' || typeof v.value !== 'number') return null;
  return v.value >= 0 ? v.value : typeof count === 'number' ? count + v.value : null;
}

/**
 * PyTorch keeps the padding row at zero (it starts at zero and gets no gradient): the rows of
 * padding ids read as zeros, so that neither autodiff nor finite differences send a gradient
 * to that row of the table.
 */
function padded(tracer: LayerTracer, call: CallExpr, rows: Value, ids: TensorValue, padding: number): Value {
  const at = (v: number): Value => ({ kind: 'number', value: v, span: call.span });
  const isPadding = tracer.applyOp('eq', [ids, at(padding)], {}, call.span, [ids.origin.span, call.span], call.callee);
  const mask = tracer.applyOp('expand_dims', [isPadding], { axis: -1 }, call.span, [call.span], call.callee);
  return tracer.applyOp('masked_fill', [rows, mask], { value: 0 }, call.span, [call.span, call.span], call.callee);
}


