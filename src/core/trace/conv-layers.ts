import type { CallExpr } from '../ir/program';
import { addDims, type Dim, formatDim, formatShape, mulDims } from '../shapes/dim';
import { convOutput, type Padding, paddingOf } from '../shapes/rules/conv';
import type { IndexSpec } from '../shapes/rules/index';
import { activation, bias, channelsPerGroup, checkFeatures, dim, type LayerArg, type LayerTracer, isUnknownSize, layerOp, numberOf, pairOf, param, shapeOnly, str } from './layer-parts';
import { type TensorValue, UNKNOWN, type Value } from './values';

/**
 * nn.Conv1d (N, C, L) and keras Conv1D (N, L, C). The function is a conv2d over an (L, 1)
 * image with a one-wide kernel: PyTorch's padding pads both image axes, so the one real
 * column of the output is the middle one, which is kept.
 */
export function conv1dLayer(tracer: LayerTracer, call: CallExpr, x: TensorValue, name: string, arg: LayerArg, kwargs: Record<string, Value>, useBias: boolean): Value {
  const keras = str(kwargs.layout) === 'NLC';
  const kind = keras ? 'Conv1D' : 'Conv1d';
  if (x.shape.length !== 3) {
    tracer.report('shape-mismatch', 'error', call.span, `${kind} ${name} expects a 3-D input ${keras ? '(N, L, C)' : '(N, C, L)'}, but ${x.origin.label} is ${formatShape(x.shape)}`);
    return UNKNOWN;
  }
  const [n, lengthAxis, channelAxis] = [x.shape[0], keras ? 1 : 2, keras ? 2 : 1];
  let inC: Dim;
  let outC: Dim;
  let k: Dim;
  if (keras) {
    [inC, outC, k] = [x.shape[2], dim(arg(1, 'filters').value), pairOf(arg(2, 'kernel_size').value)[0]];
  } else {
    const given = arg(1, 'in_channels');
    [inC, outC, k] = [dim(given.value), dim(arg(2, 'out_channels').value), pairOf(arg(3, 'kernel_size').value)[0]];
    if (!checkFeatures(tracer, call, x, inC, given.expr, name, 'input channels', channelAxis, kind)) return UNKNOWN;
  }
  const stride = numberOf(kwargs.stride, 1);
  const dilation = numberOf(kwargs.dilation, 1);
  const groups = numberOf(kwargs.groups, 1);
  const causal = str(kwargs.padding) === 'causal';
  // Causal padding pads (k − 1)·d on the left only: the length is SAME's.
  const padding: Padding = causal ? 'SAME' : paddingOf(tracer.toAttr(kwargs.padding ?? { kind: 'number', value: 0, span: call.span }));
  const length = typeof k === 'number' ? convOutput(x.shape[lengthAxis], k, stride, padding, dilation) : '?';
  if (length === null) {
    tracer.report('shape-mismatch', 'error', call.span, `${kind} ${name}: the kernel of ${formatDim(k)} (dilation ${dilation}) is longer than the ${formatDim(x.shape[lengthAxis])} steps of ${x.origin.label} ${formatShape(x.shape)} (padding ${String(padding)})`);
    return UNKNOWN;
  }
  const perGroup = channelsPerGroup(tracer, call, inC, groups, `${kind} ${name}`);
  if (perGroup === null) return UNKNOWN;
  const w = param(tracer, `${name}.${keras ? 'kernel' : 'weight'}`, keras ? [k, perGroup, outC] : [outC, perGroup, k], call.span);
  const outShape: Dim[] = keras ? [n, length, outC] : [n, outC, length];
  const unknownSizes = x.shape.slice(1).some(isUnknownSize);
  if (typeof k !== 'number' || causal || unknownSizes) {
    const why = unknownSizes ? null : causal ? 'with causal padding' : 'when its kernel size is not a number';
    return shapeOnly(tracer, call, outShape, why);
  }
  const op = layerOp(tracer, call);
  let y: Value;
  if (keras) {
    const image = op('reshape', [x], { shape: [-1, x.shape[1], 1, inC] });
    const filters = op('reshape', [w], { shape: [k, 1, perGroup, outC] });
    y = op('reshape', [op('conv2d', [image, filters], { strides: [stride, 1], padding, dilations: [dilation, 1], groups, layout: 'NHWC' })], { shape: [-1, length, outC] });
  } else {
    const image = op('reshape', [x], { shape: [-1, inC, x.shape[2], 1] });
    const filters = op('reshape', [w], { shape: [outC, perGroup, k, 1] });
    const column = typeof padding === 'number' ? padding : 0;
    const all: IndexSpec = { kind: 'slice', start: null, stop: null, step: null };
    y = op('index', [op('conv2d', [image, filters], { strides: [stride, 1], padding, dilations: [dilation, 1], groups, layout: 'NCHW' })], { items: [all, all, all, { kind: 'int', value: column }] });
  }
  if (useBias) y = bias(tracer, call, y, name, outC, keras ? 0 : 1);
  return activation(tracer, y, str(kwargs.activation), call.span);
}

/** The largest stride whose zero-spread input a transposed convolution is computed through. */
const MAX_STRIDE = 64;

/**
 * nn.ConvTranspose2d (NCHW) and keras Conv2DTranspose (NHWC). Each output side is the full
 * transposed convolution, (n − 1)·s + k long, cropped: PyTorch takes p off the start and
 * leaves (n − 1)·s − 2p + k + output_padding; Keras takes what TensorFlow's padding takes.
 * The function: the input with s − 1 zeros after each entry, fully padded (k − 1) and
 * convolved with the flipped kernel, which gives the full output, then the crop.
 */
export function convTranspose2dLayer(tracer: LayerTracer, call: CallExpr, x: TensorValue, name: string, arg: LayerArg, kwargs: Record<string, Value>, useBias: boolean): Value {
  const keras = str(kwargs.layout) === 'NHWC';
  const kind = keras ? 'Conv2DTranspose' : 'ConvTranspose2d';
  if (x.shape.length !== 4) {
    tracer.report('shape-mismatch', 'error', call.span, `${kind} ${name} expects a 4-D input ${keras ? '(N, H, W, C)' : '(N, C, H, W)'}, but ${x.origin.label} is ${formatShape(x.shape)}`);
    return UNKNOWN;
  }
  let inC: Dim;
  let outC: Dim;
  let k: [Dim, Dim];
  if (keras) {
    [inC, outC, k] = [x.shape[3], dim(arg(1, 'filters').value), pairOf(arg(2, 'kernel_size').value)];
  } else {
    const given = arg(1, 'in_channels');
    [inC, outC, k] = [dim(given.value), dim(arg(2, 'out_channels').value), pairOf(arg(3, 'kernel_size').value)];
    if (!checkFeatures(tracer, call, x, inC, given.expr, name, 'input channels', 1, kind)) return UNKNOWN;
  }
  const stride = numbers(kwargs.stride, 1);
  const dilation = numbers(kwargs.dilation, 1);
  const extra = kwargs.output_padding && kwargs.output_padding.kind !== 'const' ? numbers(kwargs.output_padding, 0) : null;
  const spatial = keras ? [1, 2] : [2, 3];
  const sides = [0, 1].map((axis) => transposedSide(x.shape[spatial[axis]], k[axis], stride[axis], dilation[axis], extra?.[axis] ?? null, keras ? str(kwargs.padding) : numbers(kwargs.padding, 0)[axis]));
  const [oh, ow] = sides.map((side) => side?.out ?? '?');
  if ((typeof oh === 'number' && oh < 1) || (typeof ow === 'number' && ow < 1)) {
    tracer.report('shape-mismatch', 'error', call.span, `${kind} ${name}: the padding leaves no output (${formatDim(oh)}×${formatDim(ow)}) for ${x.origin.label} ${formatShape(x.shape)}`);
    return UNKNOWN;
  }
  const w = param(tracer, `${name}.${keras ? 'kernel' : 'weight'}`, keras ? [k[0], k[1], outC, inC] : [inC, outC, k[0], k[1]], call.span);
  const outShape: Dim[] = keras ? [x.shape[0], oh, ow, outC] : [x.shape[0], outC, oh, ow];
  const [kh, kw] = k;
  // conv2d pads both image axes alike: the full padding k − 1 needs a square kernel.
  const oddStride = stride.some((s) => !Number.isInteger(s) || s < 1 || s > MAX_STRIDE);
  if (typeof kh !== 'number' || kh !== kw || oddStride || sides.some((side) => side === null || side.tail < 0) || dilation.some((d) => d !== 1) || numberOf(kwargs.groups, 1) !== 1) {
    if (useBias) param(tracer, `${name}.bias`, [outC], call.span);
    const why = spatial.some((a) => isUnknownSize(x.shape[a])) ? null : typeof kh !== 'number' ? 'when its kernel size is not a number' : kh !== kw ? 'with a kernel that is not square' : oddStride ? `with a stride that is not a whole number from 1 to ${MAX_STRIDE}` : dilation.some((d) => d !== 1) ? 'with a dilation' : numberOf(kwargs.groups, 1) !== 1 ? 'with groups' : sides.includes(null) ? 'when its output is too large to count' : 'with this padding';
    return shapeOnly(tracer, call, outShape, why);
  }
  const op = layerOp(tracer, call);
  let up: Value = x;
  // s − 1 zeros after each entry of a spatial axis: the entries, then copies of them times 0, interleaved by a reshape.
  for (const axis of [0, 1]) {
    const s = stride[axis];
    if (s === 1 || up.kind !== 'tensor') continue;
    const at = spatial[axis];
    const shape = up.shape;
    const split = op('reshape', [up], { shape: [-1, ...shape.slice(1, at + 1), 1, ...shape.slice(at + 1)] });
    const zeros = op('mul', [split, { kind: 'number', value: 0, span: call.span }]);
    const spread = op('concat', [split, ...Array<Value>(s - 1).fill(zeros)], { axis: at + 1 });
    up = op('reshape', [spread], { shape: [-1, ...shape.slice(1, at), mulDims(shape[at], s), ...shape.slice(at + 1)] });
  }
  const flipped = keras ? op('flip', [op('transpose', [w], { perm: [0, 1, 3, 2] })], { axis: [0, 1] }) : op('flip', [op('transpose', [w], { perm: [1, 0, 2, 3] })], { axis: [2, 3] });
  const full = op('conv2d', [up, flipped], { strides: 1, padding: kh - 1, layout: keras ? 'NHWC' : 'NCHW' });
  const all: IndexSpec = { kind: 'slice', start: null, stop: null, step: null };
  const crop = (side: TransposedSide): IndexSpec => ({ kind: 'slice', start: side.crop || null, stop: side.tail > 0 ? -side.tail : null, step: null });
  const [hSide, wSide] = sides as TransposedSide[];
  const items = keras ? [all, crop(hSide), crop(wSide)] : [all, all, crop(hSide), crop(wSide)];
  const y = op('index', [full], { items });
  return activation(tracer, useBias ? bias(tracer, call, y, name, outC, keras ? 0 : 2) : y, str(kwargs.activation), call.span);
}

/**
 * One side of a transposed convolution: its length, and how many entries of the full
 * output ((n − 1)·s + k, followed by s − 1 zeros) are cropped at its start and its end.
 */
interface TransposedSide {
  out: Dim;
  crop: number;
  tail: number;
}

/** Null when the kernel size is not a number or the length is not a size. */
function transposedSide(n: Dim, k: Dim, s: number, d: number, extra: number | null, padding: number | string | undefined): TransposedSide | null {
  if (typeof k !== 'number' || (typeof n === 'string' && n.includes('?'))) return null;
  const span = d * (k - 1) + 1;
  // The output is (n − 1)·s + extent long; the extent does not depend on n.
  let extent: number;
  let crop: number;
  if (typeof padding === 'number') {
    extent = span - 2 * padding + (extra ?? 0);
    crop = padding;
  } else {
    const same = padding?.toLowerCase() === 'same';
    // Keras's deconv_output_length; TensorFlow crops the start by half of what it takes off.
    if (extra === null) extent = same ? s : s + Math.max(span - s, 0);
    else extent = span - 2 * (same ? Math.floor(span / 2) : 0) + extra;
    crop = Math.floor(Math.max(span - extent, 0) / 2);
  }
  const out = addDims(mulDims(addDims(n, -1), s), extent);
  // Sizes past what a number holds exactly are no sizes.
  if (typeof out === 'number' && !Number.isSafeInteger(out)) return null;
  return { out, crop, tail: s - 1 + span - crop - extent };
}

/** A stride, padding or dilation per spatial axis from `2`, `(2, 1)` or `[2, 1]`. */
function numbers(v: Value | undefined, fallback: number): [number, number] {
  if (v?.kind === 'tuple') return [numberOf(v.items[0], fallback), numberOf(v.items[1] ?? v.items[0], fallback)];
  const n = numberOf(v, fallback);
  return [n, n];
}
