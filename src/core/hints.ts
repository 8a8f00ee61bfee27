import type { Analysis, Layer } from './analysis';
import { dimSymbols, type Dim, formatDim, formatShape } from './shapes/dim';

/** The shape hint at the end of one line: what the assignments on it made. */
export interface ShapeHint {
  /** 1-based: the line the assignment ends on. */
  line: number;
  /** `(N, 16)`, or `h: (N, 16), c: (N, 16)` when several names are assigned on the line. */
  label: string;
  /** The assignments the hint is about, for hintTooltip. */
  layers: readonly Layer[];
}

/** At most this many different shapes of one name on one line (a function called from several places). */
const MAX_SHAPES = 3;

/**
 * One hint per line that assigns a tensor of known shape; unknown shapes give no hint (a
 * hint of `?` would say nothing). Cached per analysis: the editor asks again on every
 * scroll, and an analysis never changes.
 */
export function shapeHints(analysis: Analysis): ShapeHint[] {
  const cached = computed.get(analysis);
  if (cached) return cached;
  const byLine = new Map<number, Layer[]>();
  for (const layer of analysis.layers) {
    if (!layer.shape || isUnknownShape(layer.shape)) continue;
    const line = analysis.lines.lineOf(layer.span.end);
    const list = byLine.get(line);
    if (list) list.push(layer);
    else byLine.set(line, [layer]);
  }
  const hints: ShapeHint[] = [];
  for (const [line, layers] of byLine) hints.push({ line, label: labelOf(layers), layers });
  hints.sort((a, b) => a.line - b.line);
  computed.set(analysis, hints);
  return hints;
}

const computed = new WeakMap<Analysis, ShapeHint[]>();

function isUnknownShape(shape: readonly Dim[]): boolean {
  return shape.length > 0 && shape.every((d) => d === '?');
}

function labelOf(layers: Layer[]): string {
  const names: string[] = [];
  const shapes = new Map<string, string[]>();
  for (const l of layers) {
    const text = formatShape(l.shape);
    const seen = shapes.get(l.name);
    if (!seen) {
      names.push(l.name);
      shapes.set(l.name, [text]);
    } else if (!seen.includes(text)) seen.push(text);
  }
  const shown = (name: string) => {
    const list = shapes.get(name) as string[];
    return list.length > MAX_SHAPES ? `${list.slice(0, MAX_SHAPES).join(' | ')} | …` : list.join(' | ');
  };
  return names.length === 1 ? shown(names[0]) : names.map((n) => `${n}: ${shown(n)}`).join(', ');
}

/** Markdown: where each dimension of the hint came from. Made when the pointer rests on a hint, not for every hint. */
export function hintTooltip(hint: ShapeHint, analysis: Analysis): string {
  const parts: string[] = [];
  for (const l of hint.layers) {
    const shape = l.shape as Dim[];
    const inputs = l.inputs.filter((i) => i.shape).map((i) => `${i.name} ${formatShape(i.shape)}`);
    const lines = [`\`${l.name}\`: \`${formatShape(shape)}\` — ${l.op}${inputs.length > 0 ? ` of ${inputs.join(', ')}` : ''}`];
    const explained = new Set<string>();
    for (const d of shape) {
      const text = formatDim(d);
      if (explained.has(text)) continue;
      explained.add(text);
      lines.push(`- \`${text}\`: ${originOf(d, analysis)}`);
    }
    parts.push(lines.join('\n'));
  }
  return parts.join('\n\n');
}

/** Where a dimension came from: its symbols' declarations and known values, or that it is a known size. */
function originOf(d: Dim, analysis: Analysis): string {
  if (typeof d === 'number') return 'a known size';
  if (d === '?') return 'unknown (a None, ? or -1 size)';
  const symbols = dimSymbols(d).filter((s) => s !== '?');
  const said = symbols.map((s) => {
    const origin = analysis.symbols[s];
    const value = analysis.bindings[s];
    const where = origin ? `${origin.source} (${origin.where})` : 'a symbol';
    return `${where}${value !== undefined ? `, ${s} = ${value}` : ''}`;
  });
  if (symbols.length === 1 && symbols[0] === d) return `from ${said[0]}`;
  return `computed from ${symbols.map((s, i) => `${s} — ${said[i]}`).join('; ')}`;
}
