import type { Graph, LeafFill, NodeId } from '../../../src/core/ir/graph';
import { OPS } from '../../../src/core/ir/ops';
import { Bindings } from '../../../src/core/shapes/bindings';
import type { Dim } from '../../../src/core/shapes/dim';
import { type Attrs, isFailure } from '../../../src/core/shapes/rules/types';
import { GraphBuilder } from '../../../src/core/trace/graph-builder';
import type { F64Tensor } from '../../../src/core/numeric/tensor';

const SPAN = { start: 0, end: 0 };

/** Builds graphs as the tracer does, with the real shape rules and op defaults. */
export class TestGraph {
  readonly b = new GraphBuilder();
  readonly bindings = new Bindings();
  /** Values for the leaves, given explicitly. */
  readonly values = new Map<NodeId, F64Tensor>();

  get graph(): Graph {
    return this.b.graph;
  }

  input(name: string, shape: number[], data?: ArrayLike<number>, fill: LeafFill = 'data', dtype: 'float' | 'int' | 'bool' = 'float'): NodeId {
    const id = this.b.leaf('placeholder', fill, dtype === 'int' ? 'labels' : 'input', shape, dtype, SPAN);
    this.b.name(id, name);
    if (data) this.values.set(id, { shape: [...shape], data: Float64Array.from(data) });
    return id;
  }

  const(value: number): NodeId {
    const id = this.b.add('const', [], { value }, [], 'float', SPAN, { fill: 'full', role: 'constant', value });
    this.values.set(id, { shape: [], data: Float64Array.of(value) });
    return id;
  }

  op(op: string, inputs: NodeId[], attrs: Attrs = {}, name?: string): NodeId {
    const spec = OPS[op as keyof typeof OPS];
    if (!spec) throw new Error(`no op ${op}`);
    const full: Attrs = { ...(spec.defaults ?? {}), ...attrs };
    const infos = inputs.map((i) => ({ shape: this.graph.nodes[i].shape, dtype: this.graph.nodes[i].dtype }));
    const r = spec.shape(infos, full, { bindings: this.bindings });
    if (isFailure(r)) throw new Error(`${op}: ${r.error}`);
    const id = this.b.add(op, inputs, full, r.shape as Dim[], r.dtype ?? 'float', SPAN);
    if (name) this.b.name(id, name);
    return id;
  }
}

export function tensor(shape: number[], data: ArrayLike<number>): F64Tensor {
  return { shape, data: Float64Array.from(data) };
}

export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-12, what = ''): void {
  if (actual.length !== expected.length) throw new Error(`${what}: ${actual.length} values, expected ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Number.isNaN(e) ? !Number.isNaN(a) : !(Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)))) throw new Error(`${what}[${i}]: ${a}, expected ${e}`);
  }
}
