// grad-lens derive EXPR --wrt NAME --shape NAME=RxC ... [--assume "rows of Y sum to 1"] [--dims N=4] [--print numpy|latex] [--json]
import { derive } from '../core/index';
import type { CommandResult } from './analyze';
import { type ParsedArgs, parseDims, parseShapes, UsageError } from './args';

const PRINTS = ['text', 'latex', 'numpy'];

/** Exit 0 with the verified gradient, 1 when it cannot be derived or does not verify, 2 on bad arguments. */
export async function deriveCommand(args: ParsedArgs): Promise<CommandResult> {
  const expr = args.positional[0];
  if (!expr) throw new UsageError('missing EXPR, e.g. grad-lens derive "-sum(Y .* log(softmax(C*B*A)))" --wrt C --shape C=Nx1568 ...');
  if (args.positional.length > 1) throw new UsageError(`one expression only (quote it): got also '${args.positional[1]}'`);
  const wrt = args.flags.get('wrt')?.[0];
  if (!wrt) throw new UsageError('missing --wrt NAME: the variable to differentiate with respect to');
  const print = args.flags.get('print')?.[0] ?? 'text';
  if (!PRINTS.includes(print)) throw new UsageError(`--print takes ${PRINTS.join(', ')}, not '${print}'`);
  const json = args.flags.has('json');
  const result = derive(expr, {
    wrt,
    shapes: parseShapes(args.flags.get('shape')),
    assume: args.flags.get('assume') ?? [],
    dims: parseDims(args.flags.get('dims')),
  });

  if (!result.ok) {
    const exitCode = result.reason === 'input' ? 2 : 1;
    const stdout = json ? JSON.stringify({ error: result.error, reason: result.reason, ...(result.span ? { span: result.span } : {}) }) : `grad-lens: ${result.reason === 'verify' ? 'not shown' : 'cannot derive'}: ${result.error}`;
    return { stdout, exitCode };
  }
  if (json) {
    const { maxRelError, precision, checks, shapes, reduced } = result.verified;
    return {
      stdout: JSON.stringify({
        loss: result.loss,
        wrt: result.wrt,
        gradient: result.gradient,
        steps: result.steps,
        assumptions: result.assumptions,
        verified: { maxRelError, precision, checks, shapes, reduced },
      }),
      exitCode: 0,
    };
  }
  if (print === 'numpy') return { stdout: result.gradient.numpy.trimEnd(), exitCode: 0 };
  const lhs = `d${result.loss}/d${result.wrt}`;
  if (print === 'latex') return { stdout: `\\frac{\\partial ${result.loss}}{\\partial ${result.wrt}} = ${result.gradient.latex}`, exitCode: 0 };
  const v = result.verified;
  const sizes = Object.entries(v.shapes)
    .map(([k, s]) => `${k} ${s.join('×')}`)
    .join(', ');
  const out = [`${lhs} = ${result.gradient.text}`];
  if (result.assumptions.length) out.push(`assuming ${result.assumptions.join('; ')}`);
  out.push('', 'Derivation:', ...result.steps.map((s, i) => `  ${String(i + 1).padStart(2)}. ${s.text}`));
  out.push('', `Verified in float64 against central finite differences: max relative error ${v.maxRelError.toExponential(1)} (${v.checks} checks at ${sizes}${v.reduced ? ', sizes reduced' : ''}).`);
  out.push(`LaTeX and NumPy: --print latex, --print numpy (or --json).`);
  return { stdout: out.join('\n'), exitCode: 0 };
}
