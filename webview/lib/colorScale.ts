/**
 * Colours for the canvases, derived from the theme's CSS variables so that light, dark
 * and high-contrast themes all read well. Pure: the DOM part only reads the variables.
 */
export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

/** The forms VS Code themes use: #rgb, #rgba, #rrggbb, #rrggbbaa, rgb() and rgba(). */
export function parseColor(css: string): Rgba | null {
  const s = css.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3,8})$/.exec(s);
  if (hex) {
    const h = hex[1];
    if (h.length === 3 || h.length === 4) {
      const [r, g, b, a] = [...h].map((c) => parseInt(c + c, 16));
      return { r, g, b, a: h.length === 4 ? a / 255 : 1 };
    }
    if (h.length === 6 || h.length === 8) {
      const at = (i: number) => parseInt(h.slice(i, i + 2), 16);
      return { r: at(0), g: at(2), b: at(4), a: h.length === 8 ? at(6) / 255 : 1 };
    }
    return null;
  }
  const fn = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(s);
  if (fn) {
    const alpha = fn[4] === undefined ? 1 : fn[4].endsWith('%') ? parseFloat(fn[4]) / 100 : parseFloat(fn[4]);
    return { r: +fn[1], g: +fn[2], b: +fn[3], a: Math.max(0, Math.min(1, alpha)) };
  }
  return null;
}

export function mix(a: Rgba, b: Rgba, t: number): Rgba {
  const u = Math.max(0, Math.min(1, t));
  const lerp = (x: number, y: number) => x + (y - x) * u;
  return { r: lerp(a.r, b.r), g: lerp(a.g, b.g), b: lerp(a.b, b.b), a: lerp(a.a, b.a) };
}

/** A translucent theme colour laid over the background, so a canvas pixel is opaque. */
export function over(top: Rgba, background: Rgba): Rgba {
  return { ...mix(background, { ...top, a: 1 }, top.a), a: 1 };
}

export function toCss(c: Rgba): string {
  return `rgba(${Math.round(c.r)}, ${Math.round(c.g)}, ${Math.round(c.b)}, ${+c.a.toFixed(3)})`;
}

export interface Diverging {
  negative: Rgba;
  zero: Rgba;
  positive: Rgba;
  /** For cells whose value is not finite. */
  missing: Rgba;
}

/**
 * v in [-maxAbs, maxAbs] → negative … zero … positive. A square root spreads small
 * differences out: with errors the interesting ones are often orders below the largest.
 */
export function divergingColor(v: number | null, maxAbs: number, scale: Diverging): Rgba {
  if (v === null || !Number.isFinite(v)) return scale.missing;
  if (maxAbs <= 0 || v === 0) return scale.zero;
  const t = Math.sqrt(Math.min(1, Math.abs(v) / maxAbs));
  return mix(scale.zero, v < 0 ? scale.negative : scale.positive, t);
}

/** The largest |v| among finite values; 0 when there is none. */
export function maxAbsOf(values: Iterable<number | null>): number {
  let m = 0;
  for (const v of values) if (v !== null && Number.isFinite(v) && Math.abs(v) > m) m = Math.abs(v);
  return m;
}
