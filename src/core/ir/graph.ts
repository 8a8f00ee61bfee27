import type { Shape } from '../shapes/dim';
import type { Span } from './span';

export type NodeId = number;

/** What a leaf holds when it is evaluated numerically; `values`: the entries written in the code (attrs.values, row-major). */
export type LeafFill = 'randn' | 'rand' | 'zeros' | 'ones' | 'full' | 'eye' | 'arange' | 'labels' | 'data' | 'values';

/**
 * One SSA node of the traced computation. Loops are unrolled and in-place updates
 * become new nodes, so the graph is a straight-line DAG the numeric and symbolic
 * passes can walk without knowing the source language.
 */
export interface GraphNode {
  id: NodeId;
  op: string;
  inputs: NodeId[];
  /** Op attributes after evaluation: axis, keepdims, perm, padding, strides, ... */
  attrs: Record<string, unknown>;
  shape: Shape;
  dtype: 'float' | 'int' | 'bool';
  span: Span;
  /** The variable this node was assigned to, if any (the latest name wins). */
  name?: string;
  /** For leaves: how to fill them numerically, and whether they are learnable. */
  leaf?: { fill: LeafFill; role: 'input' | 'param' | 'labels' | 'constant'; value?: number; high?: number };
}

/**
 * The attribute of a node that stands for a gradient the code takes from its library's
 * autodiff (TensorFlow's `tape.gradient(loss, W)`): the loss, as written. Such a value is not
 * a hand-written gradient to judge.
 */
export const AUTODIFF_OF = 'autodiff_of';

/** The attributes of every node that has none: one shared, frozen object rather than one each. */
export const NO_ATTRS: Record<string, unknown> = Object.freeze({});

export interface Graph {
  nodes: GraphNode[];
  /** Variable name → node holding its latest value. */
  names: Map<string, NodeId>;
}
