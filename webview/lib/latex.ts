/** LaTeX for names the user wrote (h_fc1, dW2): escaped, and upright when longer than a letter. */
const SPECIAL = /[\\{}#$%&^_~]/g;

export function escapeLatex(text: string): string {
  return text.replace(SPECIAL, (c) => {
    if (c === '\\') return '\\backslash{}';
    if (c === '^') return '\\hat{}';
    if (c === '~') return '\\sim{}';
    return `\\${c}`;
  });
}

/** A one-letter name stays italic like maths; a longer one is set as a word. */
export function latexName(name: string): string {
  if (/^[A-Za-z]$/.test(name)) return name;
  const m = /^([A-Za-z])(\d+)$/.exec(name);
  if (m) return `${m[1]}_{${m[2]}}`;
  return `\\mathit{${escapeLatex(name)}}`;
}

/** ∂E/∂C as a fraction. */
export function partial(of: string, wrt: string): string {
  return `\\frac{\\partial ${latexName(of)}}{\\partial ${latexName(wrt)}}`;
}

/** ∂vec(F)/∂vec(X)ᵀ, the Jacobian in Magnus–Neudecker's convention. */
export function jacobianLatex(of: string, wrt: string): string {
  return `\\frac{\\partial\\,\\operatorname{vec}(${latexName(of)})}{\\partial\\,\\operatorname{vec}(${latexName(wrt)})^{T}}`;
}

export function jacobianTitle(of: string, wrt: string): string {
  return `∂vec(${of}) / ∂vec(${wrt})ᵀ`;
}
