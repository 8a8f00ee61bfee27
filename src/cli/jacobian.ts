import { asciiPattern, type Dim, JacobianError, type JacobianResult, jacobianOf, MAX_PATTERN_NONZEROS, type VecOrder } from '../core/index';
import type { CommandResult } from './analyze';
import { type ParsedArgs, parseDims, parseShapes, UsageError } from './args';

/**
 * `grad-lens jacobian EXPR --wrt NAME --shape NAME=RxC … [--dims N=2] [--vec row-major|column-major]
 *  [--of NAME] [--pattern on|off] [--json]`
 *
 * J = ∂vec(F)/∂vec(X)ᵀ of a math-notation expression, column-major vec unless --vec says
 * otherwise. The pattern is listed only up to MAX_PATTERN_NONZEROS structural nonzeros;
 * beyond that the command refuses (exit 2) unless --pattern off.
 */
export const JACOBIAN_USAGE = `  grad-lens jacobian EXPR --wrt NAME --shape NAME=RxC ... [--dims N=2] [--vec column-major|row-major] [--pattern on|off] [--json]`;

export async function jacobianCommand(args: ParsedArgs): Promise<CommandResult> {
  const expr = args.positional[0];
  if (!expr) throw new UsageError('jacobian: missing EXPR');
  const wrt = args.flags.get('wrt')?.[0];
  if (!wrt) throw new UsageError('jacobian: missing --wrt NAME');
  const vecFlag = args.flags.get('vec')?.[0];
  if (vecFlag !== undefined && vecFlag !== 'row-major' && vecFlag !== 'column-major') throw new UsageError(`--vec expects row-major or column-major, got '${vecFlag}'`);
  const patternFlag = args.flags.get('pattern')?.[0] ?? 'on';
  if (patternFlag !== 'on' && patternFlag !== 'off') throw new UsageError(`--pattern expects on or off, got '${patternFlag}'`);
  // Math vectors are columns: --shape x=4 is 4×1.
  const shapes: Record<string, Dim[]> = {};
  for (const [name, dims] of Object.entries(parseShapes(args.flags.get('shape')))) shapes[name] = dims.length === 1 ? [dims[0], 1] : dims;
  const dims = parseDims(args.flags.get('dims'));

  let result: JacobianResult;
  try {
    result = jacobianOf(expr, { wrt, of: args.flags.get('of')?.[0], shapes, dims, vec: vecFlag as VecOrder | undefined, maxPatternEntries: patternFlag === 'off' ? 0 : MAX_PATTERN_NONZEROS });
  } catch (err) {
    if (err instanceof JacobianError) return refuse(err.message);
    throw err;
  }
  if (patternFlag === 'on' && !result.pattern) {
    return refuse(
      `the pattern of ∂vec ${result.of}/∂vec ${result.wrt} has ${result.nonzeros.toLocaleString('en-US')} structural nonzeros at ${dimsText(result)}, more than the bound of ${MAX_PATTERN_NONZEROS.toLocaleString('en-US')}; use smaller --shape/--dims, or --pattern off for the structure alone`,
    );
  }
  return { stdout: args.flags.has('json') ? JSON.stringify(contractJson(result)) : text(result), exitCode: 0 };
}

function refuse(message: string): CommandResult {
  process.stderr.write(`grad-lens: ${message}\n`);
  return { stdout: '', exitCode: 2 };
}

/** The stable JSON of the command line contract (issue 5): exactly these keys. */
export function contractJson(r: JacobianResult) {
  return {
    rows: r.rows,
    cols: r.cols,
    rowsFormula: r.rowsFormula,
    colsFormula: r.colsFormula,
    vec: r.vec,
    structure: r.structure,
    formula: { text: r.formula.text, latex: r.formula.latex },
    density: r.density,
    pattern: r.pattern ? { nonzeros: r.pattern.nonzeros } : null,
  };
}

function dimsText(r: JacobianResult): string {
  const entries = Object.entries(r.dims);
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(', ') : 'these sizes';
}

const VEC_WORDS: Record<VecOrder, string> = {
  'column-major': 'column-major vec (columns stacked, as in Magnus–Neudecker)',
  'row-major': 'row-major vec (rows stacked, as NumPy ravels)',
};

function text(r: JacobianResult): string {
  const at = Object.keys(r.dims).length ? ` at ${dimsText(r)}` : '';
  const sized = r.rowsFormula === String(r.rows) && r.colsFormula === String(r.cols) ? `${r.rows} × ${r.cols}` : `${r.rowsFormula} × ${r.colsFormula}  (${r.rows} × ${r.cols}${at})`;
  const out = [
    `J = ∂vec ${r.of} / ∂(vec ${r.wrt})ᵀ   in ${VEC_WORDS[r.vec]}`,
    `size       ${sized}`,
    `structure  ${r.structure}${r.note ? ` — ${r.note}` : ''}`,
    `formula    ${r.formula.text}`,
    `density    ${formatDensity(r.density)} (${r.nonzeros.toLocaleString('en-US')} structural nonzeros)`,
  ];
  if (r.blocks) out.push(`blocks     ${r.blocks.countFormula} = ${r.blocks.count} blocks of ${r.blocks.rowsFormula}×${r.blocks.colsFormula}${r.blocks.structure ? `, each ${r.blocks.structure}` : ''}`);
  if (r.perOp.length) {
    out.push('', 'per operation:');
    const rows = r.perOp.map((p) => [p.op, `∂${p.of}/∂${p.wrt}`, `${p.rowsFormula}×${p.colsFormula}`, p.structure, p.formula.text]);
    const widths = [0, 1, 2, 3].map((k) => Math.max(...rows.map((row) => row[k].length)));
    for (const row of rows) out.push(`  ${row.map((c, k) => (k < 4 ? c.padEnd(widths[k]) : c)).join('  ')}`);
  }
  if (r.pattern) {
    const pic = asciiPattern(r.pattern, r.rows, r.cols);
    out.push('', `pattern: rows ${r.axes.rows}, columns ${r.axes.cols}`, `  ${pic.caption}`, ...pic.lines.map((l) => `  ${l}`));
  } else if (r.patternOmitted) out.push('', `pattern: not listed (${r.patternOmitted})`);
  return out.join('\n');
}

function formatDensity(d: number): string {
  if (d === 0 || d === 1) return String(d);
  return d >= 0.01 ? d.toFixed(3).replace(/0+$/, '') : d.toExponential(2);
}
