import type { DefStmt, Program, Stmt } from '../ir/program';

/**
 * The gradients a backward function returns through a `cache`, as courses write them:
 *
 *   out, cache = affine_forward(X, W1, b1)
 *   dx, dw, db = affine_backward(dout, cache)
 *
 * `dw` is the gradient of the `w` the forward function took, and so of the W1 passed to the
 * call that made the cache. Returns gradient name → the variable passed for that parameter.
 */
export function cacheReturns(program: Program): Map<string, string> {
  const defs = new Map<string, DefStmt>();
  const walk = (stmts: Stmt[], visit: (s: Stmt) => void) => {
    for (const s of stmts) {
      visit(s);
      if (s.kind === 'for') walk(s.body, visit);
      if (s.kind === 'if') {
        walk(s.body, visit);
        walk(s.orelse, visit);
      }
    }
  };
  walk(program.stmts, (s) => {
    if (s.kind === 'def') defs.set(s.name, s);
  });
  // Which forward call made each cache: cache name → the forward function and its arguments.
  const made = new Map<string, { def: DefStmt; args: (string | null)[] }>();
  const out = new Map<string, string>();
  walk(program.stmts, (s) => {
    if (s.kind !== 'assign' || s.target.kind !== 'tuple' || s.value.kind !== 'invoke') return;
    const call = s.value;
    const names = s.target.items.map((t) => (t.kind === 'name' ? t.name : null));
    const def = defs.get(call.name);
    if (def && /forward$/.test(call.name)) {
      const args = def.params.map((p, i) => {
        const a = call.kwargs[p.name] ?? call.args[i];
        return a?.kind === 'name' ? a.name : null;
      });
      for (const n of names) if (n !== null && /cache/.test(n)) made.set(n, { def, args });
      return;
    }
    if (!/backward$/.test(call.name)) return;
    const cache = call.args.find((a) => a.kind === 'name' && made.has(a.name));
    if (!cache || cache.kind !== 'name') return;
    const forward = made.get(cache.name);
    if (!forward) return;
    for (const n of names) {
      // dx → x, dW → W, d_w → w: the forward parameter this gradient is named after.
      const param = n === null ? null : /^d_?(.+)$/.exec(n)?.[1];
      const at = param ? forward.def.params.findIndex((p) => p.name === param || p.name.toLowerCase() === param.toLowerCase()) : -1;
      const variable = at >= 0 ? forward.args[at] : null;
      if (n !== null && variable) out.set(n, variable);
    }
  });
  return out;
}
