import type { Problem, ProblemCode } from '../ir/problem';
import type { CallExpr, Expr } from '../ir/program';
import type { LineIndex, Span } from '../ir/span';
import { UNARY_OPS } from '../ops/index';
import type { Bindings } from '../shapes/bindings';
import { type Dim, formatDim, formatShape } from '../shapes/dim';
import type { AttrValue, Attrs } from '../shapes/rules/types';
import type { GraphBuilder } from './graph-builder';
import { type TensorValue, UNKNOWN, type Value } from './values';

/** What expanding a layer needs of the tracer that meets it (the tracer imports this file). */
export interface LayerTracer {
  readonly builder: GraphBuilder;
  readonly bindings: Bindings;
  readonly lines: LineIndex;
  toTensor(v: Value, span: Span): TensorValue | typeof UNKNOWN;
  toAttr(v: Value): AttrValue;
  applyOp(op: string, values: Value[], attrs: Attrs, span: Span, spans: Span[], callee: string): Value;
  /** The name a layer's parameters are kept under (`fc1`, or `Decoder.fc1` when another class has an `fc1`). */
  paramName(name: string): string;
  report(code: ProblemCode, severity: Problem['severity'], span: Span, message: string, related?: Problem['related'], fixes?: Problem['fixes']): void;
}

/**
 * Layer ops (nn.Linear, Dense, nn.Conv2d, Conv2D) create named parameters once and
 * expand into plain graph ops, so the numeric and symbolic passes only ever see
 * matmul, transpose, add, conv2d and activations.
 */
export function expandLayer(tracer: LayerTracer, call: CallExpr, args: Value[], kwargs: Record<string, Value>): Value {
  const arg = (i: number, key: string): { value: Value; expr?: Expr } => ({ value: kwargs[key] ?? args[i] ?? UNKNOWN, expr: call.kwargs[key] ?? call.args[i] });
  const x = tracer.toTensor(arg(0, 'x').value, call.args[0]?.span ?? call.span);
  if (x.kind !== 'tensor') return recovered(tracer, call, arg);
  const name = tracer.paramName(str(kwargs.name) ?? call.callee.replace(/^self\./, ''));
  const useBias = kwargs.bias === undefined || !(kwargs.bias.kind === 'const' && kwargs.bias.value === false);
  switch (call.op) {
    case 'linear': {
      const inF = arg(1, 'in_features');
      const outF = dim(arg(2, 'out_features').value);
      const inDim = dim(inF.value);
      if (!checkFeatures(tracer, call, x, inDim, inF.expr, name, 'input features', x.shape.length - 1)) return UNKNOWN;
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
      if (!checkFeatures(tracer, call, x, inDim, inC.expr, name, 'input channels', 1)) return UNKNOWN;
      const w = param(tracer, `${name}.weight`, [outC, inDim, k[0], k[1]], call.span);
      const attrs = { strides: tracer.toAttr(kwargs.stride ?? args[4] ?? { kind: 'number', value: 1, span: call.span }), padding: tracer.toAttr(kwargs.padding ?? args[5] ?? { kind: 'number', value: 0, span: call.span }), layout: 'NCHW' };
      let y = tracer.applyOp('conv2d', [x, w], attrs, call.span, [call.span, call.span], call.callee);
      if (useBias && y.kind === 'tensor') {
        const b = param(tracer, `${name}.bias`, [outC], call.span);
        const b3 = tracer.applyOp('reshape', [b], { shape: [outC, 1, 1] }, call.span, [call.span], call.callee);
        y = tracer.applyOp('add', [y, b3], {}, call.span, [call.span, call.span], call.callee);
      }
      return y;
    }
    case 'norm_layer':
      return normalise(tracer, call, x, name, kwargs);
    case 'keras_conv2d': {
      const filters = dim(arg(1, 'filters').value);
      const k = pairOf(arg(2, 'kernel_size').value);
      const inDim = x.shape[3] ?? '?';
      const w = param(tracer, `${name}.kernel`, [k[0], k[1], inDim, filters], call.span);
      const attrs = { strides: tracer.toAttr(kwargs.strides ?? { kind: 'number', value: 1, span: call.span }), padding: tracer.toAttr(kwargs.padding ?? { kind: 'str', value: 'valid' }), layout: 'NHWC' };
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
function recovered(tracer: LayerTracer, call: CallExpr, arg: (i: number, key: string) => { value: Value }): Value {
  let shape: Dim[];
  switch (call.op) {
    case 'linear':
      shape = ['?', dim(arg(2, 'out_features').value)];
      break;
    case 'dense':
      shape = ['?', dim(arg(1, 'units').value)];
      break;
    case 'conv2d_layer':
      shape = ['?', dim(arg(2, 'out_channels').value), '?', '?'];
      break;
    case 'keras_conv2d':
      shape = ['?', '?', '?', dim(arg(1, 'filters').value)];
      break;
    default:
      return UNKNOWN;
  }
  if (shape.every((d) => d === '?')) return UNKNOWN;
  const id = tracer.builder.add('shape_error', [], { message: 'the input of this layer is not known' }, shape, 'float', call.span);
  return { kind: 'tensor', node: id, shape, dtype: 'float', origin: { label: call.callee, span: call.span, named: false } };
}

/** nn.Linear / nn.Conv2d check their input size; the message says how the size came about. */
function checkFeatures(tracer: LayerTracer, call: CallExpr, x: TensorValue, expected: Dim, literal: Expr | undefined, name: string, what: string, axis: number): boolean {
  const actual = x.shape[axis];
  if (actual === undefined || tracer.bindings.same(actual, expected)) return true;
  const how = x.origin.note ? ` (${x.origin.note})` : '';
  const line = tracer.lines.lineLabel(x.origin.span.start);
  const message = `${call.op === 'linear' ? 'Linear' : 'Conv2d'} ${name} expects ${formatDim(expected)} ${what}, but ${x.origin.label} is ${formatShape(x.shape)} (${line}) with ${formatDim(actual)}${how}`;
  const related = literal ? [{ span: literal.span, message: `${name} is defined with ${formatDim(expected)} ${what} here` }] : [];
  const fixes = literal && literal.kind === 'num' && typeof actual === 'number' ? [{ title: `Change ${what} of ${name} to ${actual}`, edits: [{ span: literal.span, newText: String(actual) }] }] : undefined;
  tracer.report('linear-input-mismatch', 'error', call.span, message, related, fixes);
  return false;
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

/** Parameters are created once per layer name, so a layer applied twice shares its weights. */
function param(tracer: LayerTracer, name: string, shape: Dim[], span: Span): TensorValue {
  const existing = tracer.builder.graph.names.get(name);
  if (existing !== undefined) {
    const node = tracer.builder.node(existing);
    return { kind: 'tensor', node: existing, shape: node.shape, dtype: 'float', origin: { label: name, span: node.span, named: true } };
  }
  const id = tracer.builder.leaf('param', 'randn', 'param', shape, 'float', span);
  tracer.builder.name(id, name);
  return { kind: 'tensor', node: id, shape, dtype: 'float', origin: { label: name, span, named: true } };
}

function activation(tracer: LayerTracer, y: Value, fn: string | undefined, span: Span): Value {
  if (!fn || fn === 'linear' || y.kind !== 'tensor') return y;
  const op = fn === 'softmax' ? 'softmax' : UNARY_OPS.find((u) => u.spellings.activations?.includes(fn))?.name;
  if (!op) {
    tracer.report('unsupported-op', 'warning', span, `Grad Lens does not know the activation '${fn}'`);
    return UNKNOWN;
  }
  return tracer.applyOp(op, [y], op === 'softmax' ? { axis: -1 } : {}, span, [span], fn);
}

function dim(v: Value): Dim {
  if (v.kind === 'number') return v.value;
  if (v.kind === 'undefined') return v.name;
  return '?';
}

function pairOf(v: Value): [Dim, Dim] {
  if (v.kind === 'tuple') return [dim(v.items[0] ?? UNKNOWN), dim(v.items[1] ?? v.items[0] ?? UNKNOWN)];
  const d = dim(v);
  return [d, d];
}

function str(v: Value | undefined): string | undefined {
  return v && v.kind === 'str' ? v.value : undefined;
}
