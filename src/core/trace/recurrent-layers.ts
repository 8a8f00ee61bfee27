import type { CallExpr } from '../ir/program';
import { type Dim, formatShape, mulDims } from '../shapes/dim';
import type { IndexSpec } from '../shapes/rules/index';
import { checkFeatures, dim, flag, type LayerArg, type LayerOp, type LayerTracer, isUnknownSize, layerOp, numberOf, param, shapeOnly, str, unknownInput } from './layer-parts';
import { type TensorValue, UNKNOWN, type Value } from './values';

/** The most time steps (over all layers and directions) unrolled; a longer sequence gets its shape only. */
export const MAX_UNROLLED_STEPS = 256;

/** The most stacked layers whose parameters are made. */
const MAX_LAYERS = 64;

type Cell = 'rnn' | 'lstm' | 'gru';

const LABELS: Record<Cell, { torch: string; keras: string }> = {
  rnn: { torch: 'RNN', keras: 'SimpleRNN' },
  lstm: { torch: 'LSTM', keras: 'LSTM' },
  gru: { torch: 'GRU', keras: 'GRU' },
};

const KERAS_CELL_NAMES: Record<Cell, string> = { rnn: 'simple_rnn', lstm: 'lstm', gru: 'gru' };

/** Gates per cell: LSTM i, f, g, o; GRU r, z, n (PyTorch) or z, r, h (Keras); RNN one. */
const GATES: Record<Cell, number> = { rnn: 1, lstm: 4, gru: 3 };

interface Geometry {
  cell: Cell;
  keras: boolean;
  hidden: number;
  /** The number 1, for 1 − z. */
  one: Value;
}

/**
 * nn.RNN / nn.LSTM / nn.GRU: (out, h_n), an LSTM (out, (h_n, c_n)); out is (N, T, D·H) with
 * batch_first, else (T, N, D·H), and the states (D·num_layers, N, H), D = 2 when bidirectional.
 * Keras SimpleRNN / LSTM / GRU: the last output (N, H), or all of them (N, T, H) with
 * return_sequences; with return_state a list [out, h] or [out, h, c]. The function is the
 * cell's equations unrolled over the time steps, from a zero initial state.
 */
export function recurrentLayer(tracer: LayerTracer, call: CallExpr, input: TensorValue | null, name: string, arg: LayerArg, kwargs: Record<string, Value>, useBias: boolean): Value {
  const cell = (str(kwargs.cell) ?? 'rnn') as Cell;
  const keras = str(kwargs.framework) === 'keras';
  const kind = LABELS[cell][keras ? 'keras' : 'torch'];
  // An input not known (an unsupported layer before this one): read as a batch of sequences of unknown sizes.
  const x = input ?? { kind: 'tensor', node: -1, shape: ['?', '?', keras ? '?' : dim(arg(1, 'input_size').value)], dtype: 'float', origin: { label: call.callee, span: call.span, named: false } };
  const rank = x.shape.length;
  if (rank !== 3 && (keras || rank !== 2)) {
    tracer.report('shape-mismatch', 'error', call.span, `${kind} ${name} expects a ${keras ? '3-D input (N, T, D)' : '3-D input (N, T, D) with batch_first, else (T, N, D), or an unbatched (T, D)'}, but ${x.origin.label} is ${formatShape(x.shape)}`);
    return UNKNOWN;
  }
  const features = x.shape[rank - 1];
  let hidden: Dim;
  if (keras) hidden = dim(arg(1, 'units').value);
  else {
    const given = arg(1, 'input_size');
    hidden = dim(arg(2, 'hidden_size').value);
    if (!checkFeatures(tracer, call, x, dim(given.value), given.expr, name, 'input features', rank - 1, kind)) return UNKNOWN;
  }
  const layers = keras ? 1 : numberOf(kwargs.num_layers, 1);
  // Keras's Bidirectional wrapper sets the flag too.
  const directions = flag(kwargs.bidirectional, false) ? 2 : 1;
  const batchFirst = keras || flag(kwargs.batch_first, false);
  const timeAxis = rank === 2 ? 0 : batchFirst ? 1 : 0;
  const batch: Dim[] = rank === 2 ? [] : [x.shape[batchFirst ? 0 : 1]];
  const time = x.shape[timeAxis];
  const width = mulDims(hidden, directions);
  const sequence: Dim[] = rank === 2 ? [time, width] : batchFirst ? [batch[0], time, width] : [time, batch[0], width];
  const state: Dim[] = keras ? [batch[0], hidden] : [layers * directions, ...batch, hidden];
  const returnSequences = !keras || flag(kwargs.return_sequences, false);
  const outShape = returnSequences ? sequence : [batch[0], width];
  const copies = keras ? directions : 1;
  const shaped = (make: (shape: Dim[]) => Value): Value => pack(cell, keras, flag(kwargs.return_state, false), make(outShape), Array.from({ length: copies }, () => make(state)), Array.from({ length: copies }, () => make(state)));

  if (!Number.isInteger(layers) || layers < 1 || layers > MAX_LAYERS) {
    const why = `with num_layers=${layers}, not a whole number from 1 to ${MAX_LAYERS}`;
    return shaped((shape) => shapeOnly(tracer, call, shape, why));
  }
  const weights = createWeights(tracer, call, name, cell, keras, features, hidden, layers, directions, useBias);
  if (!input) return shaped((shape) => unknownInput(tracer, call, shape));
  const steps = typeof time === 'number' ? time * layers * directions : Infinity;
  // A size from a mistyped literal (`nn.Conv1d(3.5, ...)`) can make the steps a fraction: no loop to unroll.
  const whole = typeof time === 'number' && Number.isInteger(time) && time >= 1;
  if (typeof hidden !== 'number' || typeof time !== 'number' || !whole || steps > MAX_UNROLLED_STEPS) {
    const why = isUnknownSize(time) || isUnknownSize(hidden) ? null : whole ? `over more than ${MAX_UNROLLED_STEPS} steps` : `when the number of time steps is not a ${typeof time === 'number' && !Number.isInteger(time) ? 'whole ' : ''}number`;
    const values = shapeOnly(tracer, call, outShape, why);
    return shaped((shape) => (shape === outShape ? values : shapeOnly(tracer, call, shape, why)));
  }
  const op = layerOp(tracer, call);
  const geometry: Geometry = { cell, keras, hidden, one: { kind: 'number', value: 1, span: call.span } };
  const all: IndexSpec = { kind: 'slice', start: null, stop: null, step: null };
  let inputs: Value[] = [...Array(time).keys()].map((t) => op('index', [x], { items: [...Array<IndexSpec>(timeAxis).fill(all), { kind: 'int', value: t }] }));
  const finals: { h: Value[]; c: Value[] } = { h: [], c: [] };
  for (let l = 0; l < layers; l++) {
    const runs = [...Array(directions).keys()].map((d) => {
      const backwards = d === 1 || (keras && flag(kwargs.go_backwards, false));
      const run = unroll(op, geometry, weights[l][d], inputs, backwards);
      finals.h.push(run.h);
      if (run.c) finals.c.push(run.c);
      return run.outputs;
    });
    inputs = inputs.map((_, t) => (directions === 1 ? runs[0][t] : op('concat', [runs[0][t], runs[1][t]], { axis: -1 })));
  }
  // Keras returns the steps in the order it took them (reversed with go_backwards), and
  // without return_sequences each direction's last state.
  const ordered = keras && flag(kwargs.go_backwards, false) ? [...inputs].reverse() : inputs;
  const lastStates = directions === 1 ? finals.h[0] : op('concat', finals.h, { axis: -1 });
  const out = returnSequences ? op('stack', ordered, { axis: timeAxis }) : lastStates;
  // Keras gives each direction's states; PyTorch stacks them, layer by layer.
  const states = (list: Value[]) => (keras ? list : [op('stack', list, { axis: 0 })]);
  return pack(cell, keras, flag(kwargs.return_state, false), out, states(finals.h), cell === 'lstm' ? states(finals.c) : []);
}

/** What the layer returns, from its output and final states (one per direction for Keras). */
function pack(cell: Cell, keras: boolean, returnState: boolean, out: Value, h: Value[], c: Value[]): Value {
  const lstm = cell === 'lstm';
  if (keras) return returnState ? { kind: 'tuple', items: [out, ...h.flatMap((hd, d) => (lstm ? [hd, c[d] ?? UNKNOWN] : [hd]))] } : out;
  return { kind: 'tuple', items: [out, lstm ? { kind: 'tuple', items: [h[0], c[0] ?? UNKNOWN] } : h[0]] };
}

interface Weights {
  input: TensorValue;
  recurrent: TensorValue;
  inputBias: Value | null;
  recurrentBias: Value | null;
}

/**
 * The parameters as each library names and lays them out: PyTorch `weight_ih_l0` (G·H, D),
 * `weight_hh_l0` (G·H, H) and their biases, `_reverse` for the backward direction; Keras
 * `kernel` (D, G·H), `recurrent_kernel` (H, G·H), `bias` (G·H), a GRU's (2, G·H).
 */
function createWeights(tracer: LayerTracer, call: CallExpr, name: string, cell: Cell, keras: boolean, features: Dim, hidden: Dim, layers: number, directions: number, useBias: boolean): Weights[][] {
  const gated = mulDims(hidden, GATES[cell]);
  const p = (suffix: string, shape: Dim[]) => param(tracer, `${name}.${suffix}`, shape, call.span);
  if (keras) {
    // Bidirectional keeps a forward and a backward copy of the layer (`forward_lstm`, `backward_lstm`).
    const prefixes = directions === 1 ? [''] : [`forward_${KERAS_CELL_NAMES[cell]}.`, `backward_${KERAS_CELL_NAMES[cell]}.`];
    return [
      prefixes.map((prefix) => {
        const input = p(`${prefix}kernel`, [features, gated]);
        const recurrent = p(`${prefix}recurrent_kernel`, [hidden, gated]);
        if (!useBias) return { input, recurrent, inputBias: null, recurrentBias: null };
        if (cell !== 'gru') return { input, recurrent, inputBias: p(`${prefix}bias`, [gated]), recurrentBias: null };
        // Keras's GRU (reset_after) keeps an input and a recurrent bias as the rows of one parameter.
        const both = p(`${prefix}bias`, [2, gated]);
        const row = (r: number) => tracer.applyOp('index', [both], { items: [{ kind: 'int', value: r }] }, call.span, [call.span], call.callee);
        return { input, recurrent, inputBias: row(0), recurrentBias: row(1) };
      }),
    ];
  }
  return [...Array(layers).keys()].map((l) =>
    [...Array(directions).keys()].map((d) => {
      const tag = `l${l}${d === 1 ? '_reverse' : ''}`;
      const inputSize = l === 0 ? features : mulDims(hidden, directions);
      return {
        input: p(`weight_ih_${tag}`, [gated, inputSize]),
        recurrent: p(`weight_hh_${tag}`, [gated, hidden]),
        inputBias: useBias ? p(`bias_ih_${tag}`, [gated]) : null,
        recurrentBias: useBias ? p(`bias_hh_${tag}`, [gated]) : null,
      };
    }),
  );
}

/**
 * One layer in one direction over the steps: the outputs in time order and the final state.
 * The state starts at zero, so the first step leaves out the terms it would multiply.
 */
function unroll(op: LayerOp, g: Geometry, w: Weights, inputs: Value[], backwards: boolean): { outputs: Value[]; h: Value; c: Value | null } {
  const outputs = new Array<Value>(inputs.length);
  const project = (v: Value, m: TensorValue, b: Value | null) => {
    const y = op('matmul', [v, g.keras ? m : op('transpose', [m], { perm: null })]);
    return b ? op('add', [y, b]) : y;
  };
  const gate = (v: Value, k: number) => op('index', [v], { items: [{ kind: 'ellipsis' }, { kind: 'slice', start: k * g.hidden, stop: (k + 1) * g.hidden, step: null }] });
  let h: Value | null = null;
  let c: Value | null = null;
  for (let s = 0; s < inputs.length; s++) {
    const t = backwards ? inputs.length - 1 - s : s;
    const fromInput = project(inputs[t], w.input, w.inputBias);
    // With no state yet, only the recurrent bias is left of the recurrent term.
    const fromState = h ? project(h, w.recurrent, w.recurrentBias) : w.recurrentBias;
    const sum = (a: Value, b: Value | null) => (b ? op('add', [a, b]) : a);
    if (g.cell === 'rnn') h = op('tanh', [sum(fromInput, fromState)]);
    else if (g.cell === 'lstm') {
      const pre = sum(fromInput, fromState);
      const [i, f, cand, o] = [op('sigmoid', [gate(pre, 0)]), op('sigmoid', [gate(pre, 1)]), op('tanh', [gate(pre, 2)]), op('sigmoid', [gate(pre, 3)])];
      c = c ? op('add', [op('mul', [f, c]), op('mul', [i, cand])]) : op('mul', [i, cand]);
      h = op('mul', [o, op('tanh', [c])]);
    } else {
      // PyTorch orders the gates r, z, n; Keras z, r, h. Both: h' = (1 − z)·n + z·h.
      const [r, z] = (g.keras ? [1, 0] : [0, 1]).map((k) => op('sigmoid', [sum(gate(fromInput, k), fromState && gate(fromState, k))]));
      const n = op('tanh', [sum(gate(fromInput, 2), fromState && op('mul', [r, gate(fromState, 2)]))]);
      const keep = op('sub', [g.one, z]);
      h = sum(op('mul', [keep, n]), h && op('mul', [z, h]));
    }
    outputs[t] = h;
  }
  return { outputs, h: h ?? UNKNOWN, c };
}
