import { type Graph, type GraphNode, type LeafFill, NO_ATTRS, type NodeId } from '../ir/graph';
import type { Span } from '../ir/span';
import type { Shape } from '../shapes/dim';
import type { DType } from '../shapes/rules/types';

/** Appends SSA nodes; the tracer never mutates a node once it is added. */
export class GraphBuilder {
  readonly graph: Graph = { nodes: [], names: new Map() };

  add(op: string, inputs: NodeId[], attrs: Record<string, unknown>, shape: Shape, dtype: DType, span: Span, leaf?: GraphNode['leaf']): NodeId {
    const id = this.graph.nodes.length;
    // Every field in the literal, `name` too though it is set later: a property added after
    // the fact would give each node a second, out-of-object store, and the nodes two shapes.
    this.graph.nodes.push({ id, op, inputs, attrs, shape, dtype, span, name: undefined, leaf });
    return id;
  }

  leaf(op: string, fill: LeafFill, role: 'input' | 'param' | 'labels' | 'constant', shape: Shape, dtype: DType, span: Span, attrs: Record<string, unknown> = NO_ATTRS, extra: { value?: number; high?: number } = {}): NodeId {
    return this.add(op, [], attrs, shape, dtype, span, { fill, role, ...extra });
  }

  name(id: NodeId, name: string): void {
    this.graph.nodes[id].name = name;
    this.graph.names.set(name, id);
  }

  /** A second name for a named node: it can be looked up by it, and keeps its own. */
  alias(id: NodeId, name: string): void {
    this.graph.names.set(name, id);
  }

  node(id: NodeId): GraphNode {
    return this.graph.nodes[id];
  }
}
