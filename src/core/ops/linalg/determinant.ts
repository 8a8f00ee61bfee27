import type { RuleContext } from '../../jacobian/rules/types';
import { expr } from '../../jacobian/rules/types';
import { tensor, term } from '../../jacobian/term';
import { perMatrix } from '../../numeric/f64/linalg';
import { luDecompose, luDet, luLogDet } from '../../numeric/f64/lu';
import type { F64Tensor } from '../../numeric/tensor';
import { detOp, logdetOp } from '../../numeric/tfjs/custom/lu';
import { asFloat } from '../../numeric/tfjs/dtype';
import { det as detShape } from '../../shapes/rules/linalg';
import { type OpModule, opModule } from '../op';

/**
 * det and logdet of each square matrix, by LU decomposition. ∂det X/∂X = det(X)·X⁻ᵀ and
 * ∂logdet X/∂X = X⁻ᵀ: one dense row.
 */
export function determinant<const Name extends 'det' | 'logdet'>(name: Name, spellings: OpModule['spellings']): OpModule<Name> {
  const log = name === 'logdet';
  const f64 = ([x]: F64Tensor[]): F64Tensor => {
    const out: number[] = [];
    const { batch } = perMatrix(x, name, (off, n) => {
      const lu = luDecompose(x.data, n, off);
      out.push(log ? luLogDet(lu, n) : luDet(lu, n));
    });
    return { shape: batch, data: Float64Array.from(out) };
  };
  const inverseTranspose = (ctx: RuleContext) => {
    if (ctx.shapes[0].length !== 2) return 'unsupported' as const;
    const x = ctx.node.inputs[0];
    const text = log ? `{n:${x}}⁻ᵀ` : `det({n:${x}}) {n:${x}}⁻ᵀ`;
    const latex = log ? `{n:${x}}^{-\\top}` : `\\det({n:${x}})\\,{n:${x}}^{-\\top}`;
    return [term(tensor(expr(x, log ? 'logdet′' : 'det′', text, latex), [...ctx.in[0]]))];
  };
  return opModule(name, {
    doc: log ? 'logdet(x) — log det of each square matrix (of positive determinant)' : 'det(x) — the determinant of each square matrix',
    signature: { params: ['x'], tensors: 1, shape: detShape },
    f64,
    tfjs: ([x], { tf }) => (log ? logdetOp(tf, asFloat(tf, x)) : detOp(tf, asFloat(tf, x))),
    jacobian: { wrt: inverseTranspose },
    symbolic: { read: (x, _node, input) => (log ? x.fn('log', x.det(input(0))) : x.det(input(0))) },
    kinks: null,
    spellings,
  });
}
