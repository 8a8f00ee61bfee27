/**
 * KaTeX, bundled (no network), with its fonts shipped in dist/. katex.render builds DOM
 * nodes and sets their styles through the CSSOM, so nothing is parsed as HTML and the
 * strict CSP (no inline style attributes) does not get in the way. trust: false keeps
 * \href, \includegraphics and friends out; throwOnError: false shows bad input in red.
 */
import katex from 'katex';

export function renderMath(target: HTMLElement, latex: string, display: boolean): void {
  try {
    katex.render(latex, target, {
      displayMode: display,
      throwOnError: false,
      trust: false,
      strict: 'ignore',
      output: 'htmlAndMathml',
      maxSize: 50,
      maxExpand: 1000,
    });
  } catch {
    // Only quirks mode or an internal error gets here: show the source rather than nothing.
    target.textContent = latex;
    target.classList.add('math-fallback');
  }
}

export function math(latex: string, display: boolean, className = ''): HTMLElement {
  const el = document.createElement(display ? 'div' : 'span');
  el.className = `math ${display ? 'math-display' : 'math-inline'} ${className}`.trim();
  renderMath(el, latex, display);
  return el;
}
