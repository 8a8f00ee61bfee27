/**
 * Gradient naming conventions: which variable a name like `dW2`, `grad_W`, `W_grad`,
 * `dL_dW`, `dE_dC` or `grads['W2']` is the gradient of. A name only counts as a gradient
 * when the variable it points at exists; `data` is not the gradient of `ata`.
 */

/** Words a `d<loss>_d<var>` name may use for the loss, besides the loss's own name. */
const LOSS_WORDS = ['L', 'E', 'J', 'C', 'l', 'e', 'loss', 'Loss', 'cost', 'Cost', 'err', 'error'];

const PATTERNS: ((name: string, loss: string | null) => string | null)[] = [
  // grads['W2'], grads["W2"], gradients['W2'], dparams['W2'], grads.W2
  (n) => /^(?:grads?|gradients?|dparams|derivs?|d)\[\s*['"]([^'"]+)['"]\s*\]$/.exec(n)?.[1] ?? /^(?:grads?|gradients?)\.(\w+)$/.exec(n)?.[1] ?? null,
  // dL_dW, dE_dC, dLdW, dloss_dW
  (n, loss) => {
    const m = /^d([A-Za-z]\w*?)_?d([A-Za-z_]\w*)$/.exec(n);
    return m && (LOSS_WORDS.includes(m[1]) || m[1] === loss) ? m[2] : null;
  },
  (n) => /^grad_(\w+)$/.exec(n)?.[1] ?? /^grad([A-Z]\w*)$/.exec(n)?.[1] ?? null,
  (n) => /^(\w+?)_grad$/.exec(n)?.[1] ?? null,
  (n) => /^d_(\w+)$/.exec(n)?.[1] ?? null,
  (n) => /^d(\w+)$/.exec(n)?.[1] ?? null,
  // dW_1 for W1
  (n) => {
    const m = /^d_?([A-Za-z]\w*?)_(\d+)$/.exec(n);
    return m ? m[1] + m[2] : null;
  },
  // gW, g_W (not `gamma`: a capital or an underscore must follow the g)
  (n) => /^g_(\w+)$/.exec(n)?.[1] ?? /^g([A-Z]\w*)$/.exec(n)?.[1] ?? null,
];

/** Names of the gradient of the one parameter a loop optimises: `theta -= lr * grad`. */
export const SOLE_GRADIENT_NAMES = ['grad', 'gradient', 'g'];

/**
 * Words that mark a gradient as the hand-written one beside the library's (`dW_hand` next to
 * `dW` from autodiff): the name stripped of them follows the conventions above.
 */
const HAND_SUFFIX = /^(\w+?)_(?:hand|by_hand|handwritten|manual|analytic|analytical|mine|ours)$/;

/** The variable keys a name may refer to, most specific convention first. */
export function gradientKeys(name: string, loss: string | null): string[] {
  const keys: string[] = [];
  const stem = HAND_SUFFIX.exec(name)?.[1];
  for (const n of stem ? [name, stem] : [name]) {
    for (const p of PATTERNS) {
      const k = p(n, loss);
      if (k && !keys.includes(k)) keys.push(k);
    }
  }
  return keys;
}

/** The last component of a dotted or subscripted name: `self.W1`, `params['W1']` → `W1`. */
export function baseName(name: string): string {
  const sub = /\[\s*['"]([^'"]+)['"]\s*\]$/.exec(name);
  if (sub) return sub[1];
  const dot = name.lastIndexOf('.');
  return dot >= 0 ? name.slice(dot + 1) : name;
}

/** The variable a key names: exactly, or as the last component of a dotted/subscripted name. */
export function resolveKey(key: string, variables: Iterable<string>): string | null {
  const list = [...variables];
  if (list.includes(key)) return list.find((v) => v === key) ?? null;
  const matches = list.filter((v) => v !== key && baseName(v) === key);
  return matches.length === 1 ? matches[0] : null;
}

/** The variable a gradient name refers to among the known variables, or null. */
export function variableOf(name: string, loss: string | null, variables: Iterable<string>): string | null {
  const list = [...variables].filter((v) => v !== name);
  for (const key of gradientKeys(name, loss)) {
    const v = resolveKey(key, list);
    if (v) return v;
  }
  // self.dW: the convention applies to the last component, and self.W comes before a plain W.
  const dot = name.lastIndexOf('.');
  if (dot > 0 && !/^(?:grads?|gradients?)\./.test(name)) {
    const owner = name.slice(0, dot + 1);
    for (const key of gradientKeys(name.slice(dot + 1), loss)) {
      const v = list.find((x) => x === owner + key) ?? resolveKey(key, list);
      if (v) return v;
    }
  }
  return null;
}
