import { AUTODIFF_OF, type Graph, type NodeId } from '../ir/graph';
import type { Program, Stmt, Target } from '../ir/program';
import type { Span } from '../ir/span';
import { ancestors, consumers } from '../numeric/graph-walk';
import { cacheReturns } from './cache-returns';
import { repeatedBodies } from './repeated-calls';
import { brokenAncestor, findLoss } from './loss';
import { SOLE_GRADIENT_NAMES, variableOf } from './names';

/** One value a gradient name held: a node of the graph, assigned by one statement. */
export interface Version {
  node: NodeId;
  /** The statement that assigned it (or the node's own span). */
  span: Span;
  /** The variable's node when the gradient was assigned (null if it did not exist yet). */
  variableNode: NodeId | null;
  /** A new value, not an in-place continuation of the previous one (`dh[h <= 0] = 0`, `d /= N`). */
  fresh: boolean;
  /** The value other code goes on to use (or the last one): the one that must be right. */
  checkpoint: boolean;
  /** A line that cannot run (a shape error) this value depends on. */
  broken: NodeId | null;
}

/** A hand-written gradient: a name, the variable it belongs to, the values it held. */
export interface GradientSite {
  name: string;
  variable: string;
  versions: Version[];
  /** Assignments that produced no value (a shape error on that line or earlier). */
  failed: Span[];
}

export interface GradientPlan {
  loss: NodeId | null;
  sites: GradientSite[];
}

interface Assignment {
  name: string;
  span: Span;
  /** The right-hand side's span: the node holding the value has this span (or the statement's). */
  value: Span;
  /** In `a, b = f(...)`: the name as written, which a function's result is copied at. */
  item?: Span;
  /** `a = b`: the value is b's node, renamed. */
  alias: boolean;
  /** `x[i] = v`, `x += v`: the new value's node spans the statement. */
  inPlace: boolean;
}

function targetNames(t: Target): { name: string; span: Span }[] {
  if (t.kind === 'name' || t.kind === 'index') return [{ name: t.name, span: t.span }];
  return t.items.flatMap(targetNames);
}

function assignments(stmts: Stmt[], out: Assignment[] = []): Assignment[] {
  for (const s of stmts) {
    if (s.kind === 'assign') {
      for (const { name, span } of targetNames(s.target)) {
        out.push({ name, span: s.span, value: s.value.span, item: s.target.kind === 'tuple' ? span : undefined, alias: s.value.kind === 'name' && s.target.kind === 'name' && s.op === '=', inPlace: s.op !== '=' || s.target.kind === 'index' });
      }
    }
    else if (s.kind === 'for') assignments(s.body, out);
    else if (s.kind === 'def') assignments(s.body, out);
    else if (s.kind === 'class') assignments(s.methods, out);
    else if (s.kind === 'if') {
      assignments(s.body, out);
      assignments(s.orelse, out);
    }
  }
  return out;
}

const same = (a: Span, b: Span) => a.start === b.start && a.end === b.end;

/**
 * The nodes a name held, with the statement that assigned each: the node whose span is the
 * right-hand side's (or, for `x[i] = v` and `x += v`, the statement's), one per unrolled
 * iteration. An alias (`dz2 = ddiff`) renames its node, so its value is found by name.
 */
function valuesOf(graph: Graph, stmts: Assignment[], name: string): { versions: { node: NodeId; span: Span }[]; failed: Span[] } {
  const versions: { node: NodeId; span: Span }[] = [];
  const failed: Span[] = [];
  const mine = stmts.filter((s) => s.name === name || ofInstance(s.name, name));
  for (const s of mine.filter((x) => !x.alias)) {
    // `self.dW = ...` in a method of several instances: each instance's value carries its own name (`blocks.1.dW`).
    const nodes = graph.nodes.filter((n) => (s.name === name || n.name === name) && (same(n.span, s.span) || (!s.inPlace && (same(n.span, s.value) || (s.item !== undefined && same(n.span, s.item))))));
    if (nodes.length) for (const n of nodes) versions.push({ node: n.id, span: s.span });
    else failed.push(s.span);
  }
  const taken = new Set(versions.map((v) => v.node));
  for (const n of graph.nodes) {
    if (n.name !== name || taken.has(n.id)) continue;
    const alias = mine.find((s) => s.alias && s.span.start >= n.span.start) ?? mine.find((s) => s.alias);
    if (alias) versions.push({ node: n.id, span: alias.span });
  }
  versions.sort((a, b) => a.node - b.node);
  return { versions, failed };
}

/** `self.dW` as written in a class, `blocks.1.dW` as the tracer names it for one of several instances. */
function ofInstance(written: string, name: string): boolean {
  return written.startsWith('self.') && name !== written && name.endsWith(`.${written.slice('self.'.length)}`);
}

/**
 * Finds the loss and the hand-written gradients: every name that follows a gradient naming
 * convention for an existing variable and that the loss does not depend on, with the values
 * it held in order and which of them count.
 */
export function planGradients(graph: Graph, program: Program): GradientPlan {
  // The lines of a derivation in differentials are judged on their own (chains.ts), not as gradients.
  const stmts = assignments(program.stmts.filter((s) => !(s.kind === 'assign' && s.derivation)));
  const derived = new Set(program.stmts.flatMap((s) => (s.kind === 'assign' && s.derivation && s.target.kind === 'name' ? [s.target.name] : [])));
  const byName = new Map<string, NodeId[]>();
  for (const n of graph.nodes) if (n.name !== undefined && !derived.has(n.name)) byName.set(n.name, [...(byName.get(n.name) ?? []), n.id]);
  const allNames = new Set<string>([...byName.keys(), ...stmts.map((s) => s.name)]);

  // First guess without the loss: anything named like a gradient of an existing name.
  const gradientNames = new Set([...allNames].filter((name) => variableOf(name, null, byName.keys())));
  const gradientLike = new Set<NodeId>();
  for (const name of gradientNames) for (const id of byName.get(name) ?? []) gradientLike.add(id);
  // `dscores = probs` gives the probabilities a gradient's name too; what a plain name still
  // holds (probs) is a value of the forward pass, and a loss computed from it is still a loss.
  const isGradientName = (name: string) => (allNames.has(name) ? gradientNames.has(name) : variableOf(name, null, byName.keys()) !== null);
  const heldByPlainNames = new Set<NodeId>();
  for (const [name, id] of graph.names) if (!isGradientName(name)) heldByPlainNames.add(id);
  const loss = findLoss(graph, new Set([...gradientLike].filter((id) => !heldByPlainNames.has(id))));
  // Without a loss the gradients are still listed (as unchecked): variables are then the names not named like gradients.
  const lossName = loss === null ? null : (graph.nodes[loss].name ?? null);
  const forward = loss === null ? new Set([...graph.nodes.filter((n) => !gradientLike.has(n.id)).map((n) => n.id)]) : lastStepAncestors(graph, loss, gradientLike);
  const forwardNames = new Set([...byName.entries()].filter(([, ids]) => ids.some((id) => forward.has(id))).map(([name]) => name));
  const leafNames = [...byName.entries()].filter(([, ids]) => ids.some((id) => graph.nodes[id].inputs.length === 0 && graph.nodes[id].op !== 'const')).map(([name]) => name);
  const variables = new Set([...forwardNames, ...leafNames]);
  const users = consumers(graph);

  // A note's `∂E/∂C = …` says which variable it is the gradient of.
  const claimed = new Map<string, string>();
  for (const s of program.stmts) if (s.kind === 'assign' && s.claims && s.target.kind === 'name' && variables.has(s.claims.wrt)) claimed.set(s.target.name, s.claims.wrt);
  // `dx, dw, db = affine_backward(dout, cache)`: the arguments of the forward call that made the cache.
  const fromCache = new Map([...cacheReturns(program)].filter(([, variable]) => variables.has(variable)));

  const shares = repeatedBodies(program);
  // Values overwritten with what could not be read are rare: the walk below is skipped without them.
  const unread = graph.nodes.filter((n) => n.attrs.overwritten === true);
  const oneCallsShare = (span: Span) => shares.some((body) => body.start <= span.start && span.end <= body.end);

  const sites: GradientSite[] = [];
  for (const name of allNames) {
    if (forwardNames.has(name) || name === lossName || isAutodiff(graph, byName.get(name))) continue;
    const variable = claimed.get(name) ?? fromCache.get(name) ?? variableOf(name, lossName, variables) ?? (SOLE_GRADIENT_NAMES.includes(name) ? soleParameter(graph, byName, name, forward) : null);
    if (!variable || variable === name) continue;
    const all = valuesOf(graph, stmts, name);
    const values = { versions: all.versions.filter((v) => !oneCallsShare(v.span)), failed: all.failed.filter((f) => !oneCallsShare(f)) };
    const ids = values.versions.map((v) => v.node);
    const varIds = byName.get(variable) ?? [];
    const continues = (i: number) => i + 1 < ids.length && ancestors(graph, [ids[i + 1]]).has(ids[i]);
    const rerun = (i: number) => values.versions.some((v, j) => j > i && same(v.span, values.versions[i].span));
    const carried = (i: number) => continues(i) && (rerun(i) || rerun(i + 1));
    const versions: Version[] = values.versions.map(({ node, span }, i) => {
      const before = varIds.filter((v) => v < node);
      const prev = i > 0 ? ids[i - 1] : null;
      const next = i + 1 < ids.length ? ids[i + 1] : null;
      return {
        node,
        span,
        variableNode: before.length ? asComputed(graph, before[before.length - 1], forward) : null,
        fresh: prev === null || !ancestors(graph, [node]).has(prev),
        // Each line of a note that states the derivative is a claim of its own. A value a loop
        // carries from one iteration to the next (`dprev_h` through the time steps, from its
        // zeros before the loop) is only final after the last.
        checkpoint: next === null || claimed.has(name) || (!carried(i) && usedOutside(graph, users, node, next, new Set(ids))),
        broken: brokenAncestor(graph, node) ?? (unread.length ? unreadAncestor(graph, node, forward) : null),
      };
    });
    // A training loop ran this line before the step whose loss is checked: only that step's value is judged.
    const earlier = versions.map((v, i) => versions.slice(i + 1).some((later) => same(later.span, v.span)) && (v.variableNode === null || !forward.has(v.variableNode)));
    // A value after one of the step before is made anew in this step.
    const current = versions.flatMap((v, i) => (earlier[i] ? [] : [i > 0 && earlier[i - 1] ? { ...v, fresh: true } : v]));
    const failed = values.failed;
    if (current.length || failed.length) sites.push({ name, variable, versions: current, failed });
  }
  sites.sort((a, b) => firstStart(a) - firstStart(b));
  return { loss, sites };
}

/**
 * What the loss depends on in its own step of a training loop: a parameter updated by a
 * gradient (`w1 -= lr * grad_w1`) is where that step starts, so the gradients of the step
 * before are not taken for values of the forward pass.
 */
/**
 * A value overwritten in part with what Grad Lens could not read (`dx[n] = f(...)` with `f`
 * unknown), which this gradient is built from, outside the forward pass: its numbers are not
 * the code's, so the gradient is not judged. Data the loss reads (`X[ix] = np.c_[...]`) is.
 */
function unreadAncestor(graph: Graph, id: NodeId, forward: ReadonlySet<NodeId>): NodeId | null {
  for (const a of ancestors(graph, [id])) if (graph.nodes[a].attrs.overwritten === true && !forward.has(a)) return a;
  return null;
}

/**
 * `logits, h = forward(X)`: h is received as a copy of the value the function computed, and
 * the loss, computed inside the function, depends on that value, not on the copy. The
 * gradient `dh` is the gradient of the value itself.
 */
function asComputed(graph: Graph, id: NodeId, forward: ReadonlySet<NodeId>): NodeId {
  let at = id;
  while (!forward.has(at) && graph.nodes[at].op === 'copy' && graph.nodes[at].attrs.received === true && forward.has(graph.nodes[at].inputs[0])) at = graph.nodes[at].inputs[0];
  return at;
}

function lastStepAncestors(graph: Graph, loss: NodeId, gradientLike: ReadonlySet<NodeId>): Set<NodeId> {
  const seen = new Set<NodeId>();
  const stack = [loss];
  while (stack.length) {
    const id = stack.pop() as NodeId;
    if (seen.has(id)) continue;
    seen.add(id);
    const n = graph.nodes[id];
    if (!isGradientStep(graph, n.id, gradientLike)) stack.push(...n.inputs);
  }
  return seen;
}

/** `w -= lr * dw`: a named value made from its previous value and a step computed from a gradient. */
function isGradientStep(graph: Graph, id: NodeId, gradientLike: ReadonlySet<NodeId>): boolean {
  const step = updateStep(graph, id);
  if (step === null) return false;
  for (const a of ancestors(graph, [step])) if (gradientLike.has(a)) return true;
  return false;
}

/** The step of an update `w -= step` / `w += step` (a named value made from its previous value), else null. */
function updateStep(graph: Graph, id: NodeId): NodeId | null {
  const n = graph.nodes[id];
  if (n.name === undefined || (n.op !== 'sub' && n.op !== 'add') || n.inputs.length !== 2) return null;
  return graph.nodes[n.inputs[0]].name === n.name ? n.inputs[1] : null;
}

/** Gradients the code takes from the library's autodiff (`tape.gradient`): nothing hand-written to judge. */
function isAutodiff(graph: Graph, ids: readonly NodeId[] | undefined): boolean {
  return ids !== undefined && ids.length > 0 && ids.every((id) => graph.nodes[id].attrs[AUTODIFF_OF] !== undefined);
}

function firstStart(s: GradientSite): number {
  return Math.min(...s.versions.map((v) => v.span.start), ...s.failed.map((f) => f.start));
}

/** Does a value reach a named node other than its own later versions (is it used for something else)? */
function usedOutside(graph: Graph, users: NodeId[][], node: NodeId, next: NodeId, own: Set<NodeId>): boolean {
  const seen = new Set<NodeId>();
  const stack = [...users[node]];
  while (stack.length) {
    const id = stack.pop() as NodeId;
    if (id === next || seen.has(id)) continue;
    seen.add(id);
    const n = graph.nodes[id];
    if (own.has(id)) continue;
    if (n.name !== undefined) return true;
    stack.push(...users[id]);
  }
  return false;
}

/**
 * The parameter a plain `grad` belongs to: the one a step updates with it (`theta -= lr *
 * grad`), else the only value of its shape made from nothing named (a parameter, not data
 * computed from others).
 */
function soleParameter(graph: Graph, byName: ReadonlyMap<string, NodeId[]>, name: string, forward: ReadonlySet<NodeId>): string | null {
  const mine = byName.get(name) ?? [];
  if (!mine.length) return null;
  for (const n of graph.nodes) {
    const step = n.name === name ? null : updateStep(graph, n.id);
    if (step === null || !forward.has(n.inputs[0])) continue;
    const made = ancestors(graph, [step]);
    if (mine.some((id) => made.has(id))) return n.name as string;
  }
  const shape = JSON.stringify(graph.nodes[mine[0]].shape);
  const made = [...byName.entries()].filter(([other, ids]) => {
    if (other === name) return false;
    const first = graph.nodes[ids[0]];
    if (!forward.has(first.id) || first.dtype !== 'float' || JSON.stringify(first.shape) !== shape) return false;
    for (const a of ancestors(graph, first.inputs)) if (graph.nodes[a].name !== undefined) return false;
    return true;
  });
  return made.length === 1 ? made[0][0] : null;
}
