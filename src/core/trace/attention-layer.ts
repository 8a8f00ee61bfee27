import type { CallExpr } from '../ir/program';
import { type Dim, divDims, formatDim, formatShape, mulDims } from '../shapes/dim';
import { checkFeatures, dim, flag, type LayerArg, type LayerTracer, isUnknownSize, layerOp, param, shapeOnly, str } from './layer-parts';
import { type TensorValue, UNKNOWN, type Value } from './values';

/**
 * nn.MultiheadAttention(embed_dim, num_heads) applied to (query, key, value): (out, weights),
 * out shaped as the query, weights (N, L, S) averaged over the heads (per head with
 * average_attn_weights=False, None with need_weights=False). Keras
 * MultiHeadAttention(num_heads, key_dim) applied to (query, value, key=value): out (N, T, the
 * query's features), with the scores (N, heads, T, S) too when return_attention_scores=True.
 * The function is the projections, softmax(q·kᵀ/√d)·v per head and the output projection.
 */
export function attentionLayer(tracer: LayerTracer, call: CallExpr, query: TensorValue, name: string, arg: LayerArg, kwargs: Record<string, Value>, useBias: boolean): Value {
  const keras = str(kwargs.framework) === 'keras';
  const kind = keras ? 'MultiHeadAttention' : 'MultiheadAttention';
  const operand = (v: Value): TensorValue | null => {
    const t = v.kind === 'const' ? null : tracer.toTensor(v, call.span);
    return t && t.kind === 'tensor' ? t : null;
  };
  // PyTorch: (query, key, value); Keras: (query, value, key), key defaulting to value.
  const second = operand(kwargs.value ?? arg(1, 'value').value);
  const third = operand(kwargs.key ?? arg(2, 'key').value);
  const key = keras ? (third ?? second) : second;
  const value = keras ? second : third;
  if (!key || !value) {
    tracer.report('unsupported-op', 'warning', call.span, `${kind} ${name} needs its ${keras ? 'query and value' : 'query, key and value'}; the shapes that depend on it are unknown`);
    return UNKNOWN;
  }
  if (!keras && [query, key, value].every((t) => t.shape.length === 2)) return unbatched(tracer, call, [query, key, value], name, arg, kwargs, useBias);
  const batchFirst = keras || flag(kwargs.batch_first, false);
  for (const t of [query, key, value]) {
    if (t.shape.length !== 3) {
      const layout = batchFirst ? '(N, L, E)' : '(L, N, E)';
      tracer.report('shape-mismatch', 'error', call.span, `${kind} ${name} expects 3-D inputs ${layout}, but ${t.origin.label} is ${formatShape(t.shape)}`);
      return UNKNOWN;
    }
  }
  const [bAxis, tAxis] = batchFirst ? [0, 1] : [1, 0];
  const heads = dim(arg(keras ? 3 : 4, 'num_heads').value);
  let embed: Dim;
  let headDim: Dim;
  let valueDim: Dim;
  let outDim: Dim;
  if (keras) {
    embed = query.shape[2];
    headDim = dim(arg(4, 'key_dim').value);
    valueDim = kwargs.value_dim && kwargs.value_dim.kind === 'number' ? kwargs.value_dim.value : headDim;
    outDim = kwargs.output_shape && kwargs.output_shape.kind === 'number' ? kwargs.output_shape.value : embed;
  } else {
    const given = arg(3, 'embed_dim');
    embed = dim(given.value);
    if (!checkFeatures(tracer, call, query, embed, given.expr, name, 'embedding features', 2, kind)) return UNKNOWN;
    const perHead = divDims(embed, heads);
    if (perHead === null) {
      tracer.report('shape-mismatch', 'error', call.span, `${kind} ${name}: embed_dim ${formatDim(embed)} does not split into ${formatDim(heads)} heads`);
      return UNKNOWN;
    }
    const kdim = kwargs.kdim?.kind === 'number' ? kwargs.kdim.value : embed;
    const vdim = kwargs.vdim?.kind === 'number' ? kwargs.vdim.value : embed;
    if (!checkFeatures(tracer, call, key, kdim, call.kwargs.kdim, name, 'key features', 2, kind)) return UNKNOWN;
    if (!checkFeatures(tracer, call, value, vdim, call.kwargs.vdim, name, 'value features', 2, kind)) return UNKNOWN;
    [headDim, valueDim, outDim] = [perHead, perHead, embed];
  }
  const same = (a: Dim, b: Dim) => tracer.bindings.same(a, b);
  if (!same(key.shape[tAxis], value.shape[tAxis]) || !same(query.shape[bAxis], key.shape[bAxis]) || !same(query.shape[bAxis], value.shape[bAxis])) {
    tracer.report('shape-mismatch', 'error', call.span, `${kind} ${name}: the key ${formatShape(key.shape)} and value ${formatShape(value.shape)} must have the same length and batch, and the batch of the query ${formatShape(query.shape)}`);
    return UNKNOWN;
  }
  const [n, l, s] = [query.shape[bAxis], query.shape[tAxis], key.shape[tAxis]];
  const outShape: Dim[] = batchFirst ? [n, l, outDim] : [l, n, outDim];
  const perHeadWeights = keras || !flag(kwargs.average_attn_weights, true);
  const weightShape: Dim[] = perHeadWeights ? [n, heads, l, s] : [n, l, s];
  const wantWeights = keras ? flag(kwargs.return_attention_scores, false) : flag(kwargs.need_weights, true);
  const result = (out: Value, weights: Value): Value => (keras ? (wantWeights ? { kind: 'tuple', items: [out, weights] } : out) : { kind: 'tuple', items: [out, wantWeights ? weights : { kind: 'const', value: null }] });

  const op = layerOp(tracer, call);
  const p = (suffix: string, shape: Dim[]) => param(tracer, `${name}.${suffix}`, shape, call.span);
  const sizes = [heads, headDim, valueDim, embed, outDim, key.shape[2], value.shape[2]];
  const computable = sizes.every((d) => typeof d === 'number') && [l, s].every((d) => !(typeof d === 'string' && d.includes('?')));
  // Keras's projections keep the heads as an axis of their kernels: (features, heads, size).
  const project = keras
    ? (x: Value, part: string, features: Dim, size: Dim): Value => {
        const kernel = p(`${part}.kernel`, [features, heads, size]);
        const y = op('matmul', [x, computable ? op('reshape', [kernel], { shape: [features, mulDims(heads, size)] }) : kernel]);
        return useBias ? op('add', [y, op('reshape', [p(`${part}.bias`, [heads, size])], { shape: [mulDims(heads, size)] })]) : y;
      }
    : null;
  if (!computable) {
    if (keras) {
      p('query.kernel', [embed, heads, headDim]);
      p('key.kernel', [key.shape[2], heads, headDim]);
      p('value.kernel', [value.shape[2], heads, valueDim]);
      p('attention_output.kernel', [heads, valueDim, outDim]);
    } else p('in_proj_weight', [mulDims(embed, 3), embed]);
    const why = [...sizes, l, s].some(isUnknownSize) ? null : 'when its sizes are not numbers';
    return result(shapeOnly(tracer, call, outShape, why), shapeOnly(tracer, call, weightShape, why));
  }
  // From here on every size is a number.
  const [h, dk, dv, e, dOut] = sizes as number[];
  const batched = (t: TensorValue): Value => (batchFirst ? t : op('transpose', [t], { perm: [1, 0, 2] }));
  const [q0, k0, v0] = [batched(query), batched(key), batched(value)];
  let q: Value;
  let k: Value;
  let v: Value;
  if (project) {
    [q, k, v] = [project(q0, 'query', e, dk), project(k0, 'key', key.shape[2], dk), project(v0, 'value', value.shape[2], dv)];
  } else {
    const rows = (w: Value, part: number) => op('index', [w], { items: [{ kind: 'slice', start: part * e, stop: (part + 1) * e, step: null }] });
    const bias = useBias ? p('in_proj_bias', [3 * e]) : null;
    const separate = key.shape[2] !== e || value.shape[2] !== e;
    const weights = separate ? [p('q_proj_weight', [e, e]), p('k_proj_weight', [e, key.shape[2]]), p('v_proj_weight', [e, value.shape[2]])] : [0, 1, 2].map((part) => rows(p('in_proj_weight', [3 * e, e]), part));
    [q, k, v] = [q0, k0, v0].map((x, part) => {
      const y = op('matmul', [x, op('transpose', [weights[part]], { perm: null })]);
      return bias ? op('add', [y, rows(bias, part)]) : y;
    });
  }
  const split = (x: Value, size: number) => op('transpose', [op('reshape', [x], { shape: [-1, x.kind === 'tensor' ? x.shape[1] : '?', h, size] })], { perm: [0, 2, 1, 3] });
  const scores = op('div', [op('matmul', [split(q, dk), op('transpose', [split(k, dk)], { perm: [0, 1, 3, 2] })]), { kind: 'number', value: Math.sqrt(dk), span: call.span }]);
  const attention = op('softmax', [scores], { axis: -1 });
  const mixed = op('transpose', [op('matmul', [attention, split(v, dv)])], { perm: [0, 2, 1, 3] });
  const joined = op('reshape', [mixed], { shape: [-1, l, h * dv] });
  let out: Value;
  if (keras) {
    out = op('matmul', [joined, op('reshape', [p('attention_output.kernel', [h, dv, dOut])], { shape: [h * dv, dOut] })]);
    if (useBias) out = op('add', [out, p('attention_output.bias', [dOut])]);
  } else {
    out = op('matmul', [joined, op('transpose', [p('out_proj.weight', [e, e])], { perm: null })]);
    if (useBias) out = op('add', [out, p('out_proj.bias', [e])]);
    if (!batchFirst) out = op('transpose', [out], { perm: [1, 0, 2] });
  }
  return result(out, perHeadWeights ? attention : op('mean', [attention], { axis: 1, keepdims: false }));
}

/** PyTorch's unbatched (L, E) inputs: a batch of one, time first, which the results leave out again. */
function unbatched(tracer: LayerTracer, call: CallExpr, inputs: TensorValue[], name: string, arg: LayerArg, kwargs: Record<string, Value>, useBias: boolean): Value {
  const op = layerOp(tracer, call);
  const [q, k, v] = inputs.map((t) => op('expand_dims', [t], { axis: 1 }));
  if (q.kind !== 'tensor') return UNKNOWN;
  const lifted: LayerArg = (i, key) => (i === 1 ? { value: k } : i === 2 ? { value: v } : arg(i, key));
  const result = attentionLayer(tracer, call, q, name, lifted, { ...kwargs, batch_first: { kind: 'const', value: false } }, useBias);
  if (result.kind !== 'tuple') return result;
  const [out, weights] = result.items;
  return { kind: 'tuple', items: [op('squeeze', [out], { axis: 1 }), weights?.kind === 'tensor' ? op('squeeze', [weights], { axis: 0 }) : (weights ?? UNKNOWN)] };
}
