/**
 * The theme's colours for the canvases, read from VS Code's CSS variables. The canvases
 * cannot use CSS, so they repaint when VS Code switches theme (it rewrites the variables
 * on <html> and the theme class on <body>).
 */
import { over, parseColor, type Diverging, type Rgba } from './lib/colorScale';

export interface CanvasTheme {
  background: Rgba;
  foreground: Rgba;
  border: Rgba;
  focus: Rgba;
  diverging: Diverging;
  /** The matrix area, a shade off the background so its extent shows. */
  cell: Rgba;
}

const FALLBACK: Rgba = { r: 128, g: 128, b: 128, a: 1 };

function variable(style: CSSStyleDeclaration, names: string[], fallback: Rgba): Rgba {
  for (const n of names) {
    const c = parseColor(style.getPropertyValue(n));
    if (c) return c;
  }
  return fallback;
}

export function readCanvasTheme(): CanvasTheme {
  const style = getComputedStyle(document.documentElement);
  const background = { ...variable(style, ['--vscode-editor-background', '--vscode-sideBar-background'], { r: 255, g: 255, b: 255, a: 1 }), a: 1 };
  const opaque = (c: Rgba) => over(c, background);
  const foreground = opaque(variable(style, ['--vscode-editor-foreground', '--vscode-foreground'], FALLBACK));
  const highContrast = document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
  return {
    background,
    foreground,
    border: opaque(variable(style, ['--vscode-contrastBorder', '--vscode-editorWidget-border', '--vscode-panel-border'], FALLBACK)),
    focus: opaque(variable(style, ['--vscode-focusBorder'], FALLBACK)),
    diverging: {
      negative: opaque(variable(style, ['--vscode-charts-blue'], { r: 55, g: 148, b: 255, a: 1 })),
      zero: background,
      positive: opaque(variable(style, ['--vscode-charts-red'], { r: 241, g: 76, b: 76, a: 1 })),
      missing: opaque(variable(style, ['--vscode-charts-yellow'], { r: 204, g: 167, b: 0, a: 1 })),
    },
    cell: highContrast ? background : over({ ...foreground, a: 0.05 }, background),
  };
}

export function onThemeChange(callback: () => void): void {
  let pending = false;
  const fire = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      callback();
    });
  };
  const observer = new MutationObserver(fire);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
