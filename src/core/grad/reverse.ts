import { dependents, type Exprs, isScalar, type Node, showShape, topoOrder } from './expr';
import { NOT_DIFFERENTIABLE, RULES } from './rules';

/** What the reverse pass did at one node: its adjoint and what it passed to each argument. */
export interface Visit {
  node: Node;
  /** G_Y, the adjoint of this node: dE = G_Y : dY + (terms in other nodes). */
  adjoint: Node;
  /** The arguments that depend on the variable, each with the adjoint it received here. */
  passed: { arg: Node; index: number; adjoint: Node }[];
}

export type ReverseResult =
  | { ok: true; gradient: Node; visits: Visit[] }
  | { ok: false; message: string };

/**
 * Reverse mode over the expression DAG: visit nodes from the loss down (reverse
 * topological order), sum the adjoints each received, and pass them on through the
 * op's rule. The chain rule lives here and only here; `simplify` keeps the adjoints
 * small as they accumulate (it is passed in: differentiation does not simplify).
 */
export function reverse(x: Exprs, loss: Node, wrt: Node, simplify: (n: Node) => Node): ReverseResult {
  if (!isScalar(loss)) return { ok: false, message: `the expression is ${showShape(loss.shape)}, not a scalar: a gradient needs a scalar loss` };
  const active = dependents(loss, wrt);
  if (!active.has(loss)) return { ok: true, gradient: x.zeros(wrt.shape), visits: [] };
  const received = new Map<Node, Node[]>([[loss, [x.num(1)]]]);
  const visits: Visit[] = [];
  const order = topoOrder([loss]).reverse();
  for (const node of order) {
    if (!active.has(node) || node === wrt) continue;
    const parts = received.get(node);
    if (!parts) continue;
    const adjoint = simplify(parts.reduce((a, b) => x.add(a, b)));
    const rule = RULES[node.op];
    if (!rule) return { ok: false, message: `cannot differentiate ${node.op}: ${NOT_DIFFERENTIABLE[node.op] ?? 'no rule for this op'}` };
    const passed: Visit['passed'] = [];
    node.args.forEach((arg, index) => {
      if (!active.has(arg)) return;
      const g = rule.adjoint(x, node, adjoint, index);
      if (!g) throw new Error(`cannot differentiate ${node.op} with respect to its argument ${index + 1}`);
      const s = simplify(g);
      passed.push({ arg, index, adjoint: s });
      received.set(arg, [...(received.get(arg) ?? []), s]);
    });
    visits.push({ node, adjoint, passed });
  }
  const parts = received.get(wrt) ?? [];
  const gradient = parts.length ? simplify(parts.reduce((a, b) => x.add(a, b))) : x.zeros(wrt.shape);
  return { ok: true, gradient, visits };
}
