import type { Problem, ProblemCode } from '../ir/problem';
import type { CallExpr, Expr } from '../ir/program';
import type { LineIndex, Span } from '../ir/span';
import { UNARY_OPS } from '../ops/index';
import type { Bindings } from '../shapes/bindings';
import { type Dim, divDims, formatDim, formatShape } from '../shapes/dim';
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
  /** The graph name of a parameter, apart for each of several instances of one class (`blocks.1.fc.weight`). */
  paramKey(name: string): string;
  report(code: ProblemCode, severity: Problem['severity'], span: Span, message: string, related?: Problem['related'], fixes?: Problem['fixes']): void;
}

/** A layer's argument by position or keyword, with the expression it came from. */
export type LayerArg = (i: number, key: string) => { value: Value; expr?: Expr };

/** Parameters are created once per layer name (and module instance), so a layer applied twice shares its weights. */
export function param(tracer: LayerTracer, layerName: string, shape: Dim[], span: Span): TensorValue {
  const name = tracer.paramKey(layerName);
  const existing = tracer.builder.graph.names.get(name);
  if (existing !== undefined) {
    const node = tracer.builder.node(existing);
    return { kind: 'tensor', node: existing, shape: node.shape, dtype: 'float', origin: { label: name, span: node.span, named: true } };
  }
  const id = tracer.builder.leaf('param', 'randn', 'param', shape, 'float', span);
  tracer.builder.name(id, name);
  return { kind: 'tensor', node: id, shape, dtype: 'float', origin: { label: name, span, named: true } };
}

/**
 * A layer whose output shape is known but whose values Grad Lens does not compute: a node
 * that marks everything downstream as not runnable, and one note on the layer's line, saying
 * `why`. No note when `why` is null: a size before the layer is unknown, and that was said there.
 */
export function shapeOnly(tracer: LayerTracer, call: CallExpr, shape: Dim[], why: string | null): Value {
  if (why === null) return unknownInput(tracer, call, shape);
  tracer.report('unsupported-op', 'info', call.span, `Grad Lens gives the shape of ${call.callee} but does not compute its values ${why}; gradients through it are not checked`);
  const id = tracer.builder.add('shape_error', [], { message: `the values of ${call.callee} are not computed` }, shape, 'float', call.span);
  return { kind: 'tensor', node: id, shape, dtype: 'float', origin: { label: call.callee, span: call.span, named: false } };
}

/**
 * The output of a layer whose input is not known, with the sizes the layer itself fixes; its
 * values cannot be computed, which the node says to the numeric passes. Unknown when no size is known.
 */
export function unknownInput(tracer: LayerTracer, call: CallExpr, shape: Dim[]): Value {
  if (shape.every((d) => d === '?')) return UNKNOWN;
  const id = tracer.builder.add('shape_error', [], { message: 'the input of this layer is not known' }, shape, 'float', call.span);
  return { kind: 'tensor', node: id, shape, dtype: 'float', origin: { label: call.callee, span: call.span, named: false } };
}

/**
 * What a layer that was given the wrong input size would give had it fit: the analysis goes
 * on to the next, independent mistake with the right rank, and the node marks everything
 * downstream as not runnable (as applySpec does after an op's mismatch).
 */
export function intendedOutput(tracer: LayerTracer, call: CallExpr, x: TensorValue, shape: Dim[]): Value {
  const id = tracer.builder.add('shape_error', [x.node], { message: `${call.callee} was given the wrong input size` }, shape, 'float', call.span);
  return { kind: 'tensor', node: id, shape, dtype: 'float', origin: { label: call.callee, span: call.span, named: false } };
}

/** A size that nothing could work out (`?`), not a symbol. */
export function isUnknownSize(d: Dim): boolean {
  return typeof d === 'string' && d.includes('?');
}

export function dim(v: Value): Dim {
  if (v.kind === 'number') return v.value;
  if (v.kind === 'undefined') return v.name;
  return '?';
}

export function pairOf(v: Value): [Dim, Dim] {
  if (v.kind === 'tuple') return [dim(v.items[0] ?? UNKNOWN), dim(v.items[1] ?? v.items[0] ?? UNKNOWN)];
  const d = dim(v);
  return [d, d];
}

export function str(v: Value | undefined): string | undefined {
  return v && v.kind === 'str' ? v.value : undefined;
}

/** Layers that are given their input size (nn.Linear, nn.Conv2d, nn.LSTM) check it; the message says how the size came about. */
export function checkFeatures(tracer: LayerTracer, call: CallExpr, x: TensorValue, expected: Dim, literal: Expr | undefined, name: string, what: string, axis: number, kind: string): boolean {
  const actual = x.shape[axis];
  if (actual === undefined || tracer.bindings.same(actual, expected)) return true;
  const how = x.origin.note ? ` (${x.origin.note})` : '';
  const line = tracer.lines.lineLabel(x.origin.span.start);
  const message = `${kind} ${name} expects ${formatDim(expected)} ${what}, but ${x.origin.label} is ${formatShape(x.shape)} (${line}) with ${formatDim(actual)}${how}`;
  const related = literal ? [{ span: literal.span, message: `${name} is defined with ${formatDim(expected)} ${what} here` }] : [];
  const fixes = literal && literal.kind === 'num' && typeof actual === 'number' ? [{ title: `Change ${what} of ${name} to ${actual}`, edits: [{ span: literal.span, newText: String(actual) }] }] : undefined;
  tracer.report('linear-input-mismatch', 'error', call.span, message, related, fixes);
  return false;
}


/** A layer's activation by its Keras name (`relu`, `softmax`), applied to its output. */
export function activation(tracer: LayerTracer, y: Value, fn: string | undefined, span: Span): Value {
  if (!fn || fn === 'linear' || y.kind !== 'tensor') return y;
  const op = fn === 'softmax' ? 'softmax' : UNARY_OPS.find((u) => u.spellings.activations?.includes(fn))?.name;
  if (!op) {
    tracer.report('unsupported-op', 'warning', span, `Grad Lens does not know the activation '${fn}'`);
    return UNKNOWN;
  }
  return tracer.applyOp(op, [y], op === 'softmax' ? { axis: -1 } : {}, span, [span], fn);
}

/**
 * A per-channel bias `<name>.bias` of `channels` added to y, whose channel axis has
 * `trailing` axes after it ((C, 1, 1) for NCHW, (C,) for channels last).
 */
export function bias(tracer: LayerTracer, call: CallExpr, y: Value, name: string, channels: Dim, trailing: number): Value {
  if (y.kind !== 'tensor') return y;
  let b: Value = param(tracer, `${name}.bias`, [channels], call.span);
  if (trailing > 0) b = tracer.applyOp('reshape', [b], { shape: [channels, ...Array<Dim>(trailing).fill(1)] }, call.span, [call.span], call.callee);
  return tracer.applyOp('add', [y, b], {}, call.span, [call.span, call.span], call.callee);
}

/** A count or flag given as a number (the first of a tuple such as `(2,)`), else the fallback. */
export function numberOf(v: Value | undefined, fallback: number): number {
  if (v?.kind === 'tuple') return numberOf(v.items[0], fallback);
  return v?.kind === 'number' && typeof v.value === 'number' ? v.value : fallback;
}

/** A boolean flag (`batch_first=True`), else the fallback. */
export function flag(v: Value | undefined, fallback: boolean): boolean {
  return v?.kind === 'const' && typeof v.value === 'boolean' ? v.value : fallback;
}

/** Applies graph ops on a layer's behalf: every node spans the layer's call. */
export type LayerOp = (name: string, inputs: Value[], attrs?: Record<string, unknown>) => Value;

export function layerOp(tracer: LayerTracer, call: CallExpr): LayerOp {
  return (name, inputs, attrs = {}) => tracer.applyOp(name, inputs, attrs as Attrs, call.span, inputs.map(() => call.span), call.callee);
}

/** The input channels each filter of a grouped convolution reads; null (reported) when they do not split evenly. */
export function channelsPerGroup(tracer: LayerTracer, call: CallExpr, channels: Dim, groups: number, layer: string): Dim | null {
  if (groups === 1) return channels;
  const per = Number.isInteger(groups) && groups > 1 ? divDims(channels, groups) : null;
  if (per !== null) return per;
  tracer.report('shape-mismatch', 'error', call.span, `${layer}: its ${formatDim(channels)} input channels do not split into ${groups} groups`);
  return null;
}
