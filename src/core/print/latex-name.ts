/**
 * How a name the user wrote is typeset, everywhere Grad Lens shows LaTeX (the derivation,
 * the Jacobian, the panel's headings): a one-letter name stays italic as in mathematics,
 * a Greek word becomes its letter, a suffix after `_` or trailing digits becomes a
 * subscript, and a longer word is set upright.
 */

const GREEK = [
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'varepsilon', 'zeta', 'eta', 'theta', 'vartheta', 'iota', 'kappa', 'lambda', 'mu', 'nu', 'xi', 'pi',
  'rho', 'sigma', 'tau', 'upsilon', 'phi', 'varphi', 'chi', 'psi', 'omega', 'Gamma', 'Delta', 'Theta', 'Lambda', 'Xi', 'Pi', 'Sigma', 'Upsilon', 'Phi', 'Psi', 'Omega',
];
const GREEK_WORDS = new Set(GREEK);

/** Greek letters typed as themselves (Δ, σ) read as the same commands as their spelled-out names. */
const GREEK_LETTERS: Record<string, string> = {
  α: 'alpha', β: 'beta', γ: 'gamma', δ: 'delta', ε: 'epsilon', ζ: 'zeta', η: 'eta', θ: 'theta', ι: 'iota', κ: 'kappa', λ: 'lambda', μ: 'mu', ν: 'nu', ξ: 'xi', π: 'pi',
  ρ: 'rho', σ: 'sigma', τ: 'tau', υ: 'upsilon', φ: 'phi', χ: 'chi', ψ: 'psi', ω: 'omega', Γ: 'Gamma', Δ: 'Delta', Θ: 'Theta', Λ: 'Lambda', Ξ: 'Xi', Π: 'Pi', Σ: 'Sigma', Υ: 'Upsilon', Φ: 'Phi', Ψ: 'Psi', Ω: 'Omega',
};

const SPECIAL = /[\\{}#$%&^_~]/g;

/** Text set inside \mathrm{…}: LaTeX's special characters escaped. */
export function escapeLatex(text: string): string {
  return text.replace(SPECIAL, (c) => {
    if (c === '\\') return '\\backslash{}';
    if (c === '^') return '\\hat{}';
    if (c === '~') return '\\sim{}';
    return `\\${c}`;
  });
}

/** A symbol of its own: one letter, or a Greek letter spelled out or typed. */
function symbol(s: string): string | null {
  if (/^[A-Za-z]$/.test(s)) return s;
  if (GREEK_WORDS.has(s)) return `\\${s}`;
  const typed = GREEK_LETTERS[s];
  return typed ? `\\${typed}` : null;
}

/** What goes in a subscript: digits and symbols as they are, a word upright. */
function subscript(s: string): string {
  return /^\d+$/.test(s) ? s : (symbol(s) ?? `\\mathrm{${escapeLatex(s)}}`);
}

/** x → x, W1 → W_{1}, x_hat → x_{\mathrm{hat}}, alpha → \alpha, dW_1 → \mathrm{dW}_{1}, x' → x'. */
export function latexName(name: string): string {
  const primed = /^(.+?)('+)$/.exec(name);
  if (primed) return `${latexName(primed[1])}${primed[2]}`;
  const alone = symbol(name);
  if (alone) return alone;
  // A symbol with a suffix: x_hat, h_fc1, W_1, Δ_k.
  const cut = name.indexOf('_');
  if (cut > 0) {
    const head = symbol(name.slice(0, cut));
    const tail = name.slice(cut + 1);
    if (head && (/^[A-Za-z0-9]+$/.test(tail) || symbol(tail))) return `${head}_{${subscript(tail)}}`;
  }
  // A trailing number: W1, alpha2, dW_1, layer2.
  const numbered = /^(.*?[^_\d])_?(\d+)$/.exec(name);
  if (numbered) return `${symbol(numbered[1]) ?? `\\mathrm{${escapeLatex(numbered[1])}}`}_{${numbered[2]}}`;
  return `\\mathrm{${escapeLatex(name)}}`;
}

/** ∂E/∂X, in text and in LaTeX. */
export function partialDerivative(of: string, wrt: string): { text: string; latex: string } {
  return { text: `∂${of}/∂${wrt}`, latex: `\\frac{\\partial ${latexName(of)}}{\\partial ${latexName(wrt)}}` };
}
