import type { CallExpr, Expr } from '../ir/program';
import { unaryOpNamed } from '../ops/index';
import { mulDims } from '../shapes/dim';
import { type Exprs, isScalar, type Node, type UnaryFn } from './expr';

/** The expression cannot be turned into a symbolic one (an op without a rule, a name without a shape). */
export class ConvertError extends Error {
  constructor(
    message: string,
    /** 'input': the user's input is at fault (unknown name); 'unsupported': Grad Lens is. */
    readonly reason: 'input' | 'unsupported',
  ) {
    super(message);
  }
}

/**
 * A front end's expression (canonical ops, see OP_CATALOG) → a symbolic matrix
 * expression over the given variables. Math notation's conventions: vectors are
 * columns, softmax is row-wise, `*` with a scalar operand scales.
 */
export function fromProgramExpr(x: Exprs, e: Expr, vars: ReadonlyMap<string, Node>): Node {
  const go = (e: Expr): Node => {
    switch (e.kind) {
      case 'num':
        return x.num(e.value);
      case 'name':
        return name(e.name);
      case 'call':
        return call(e);
      case 'unsupported':
        if (e.text === 'kron' && e.args.length === 2) return x.kron(go(e.args[0]), go(e.args[1]));
        throw new ConvertError(`cannot differentiate \`${e.text}\`: Grad Lens has no rule for it`, 'unsupported');
      default:
        throw new ConvertError(`cannot differentiate this ${e.kind} expression`, 'unsupported');
    }
  };

  const name = (n: string): Node => {
    const v = vars.get(n);
    if (v) return v;
    // LaTeX juxtaposition: CBA is C·B·A when C, B and A are the known names.
    if (n.length > 1 && [...n].every((c) => vars.has(c))) return x.matmul(...[...n].map((c) => vars.get(c) as Node));
    throw new ConvertError(`no shape for \`${n}\`: give one with --shape ${n}=RxC`, 'input');
  };

  const axisOf = (c: CallExpr): 0 | 1 | null => {
    const a = c.kwargs.axis ?? c.args[1];
    if (!a) return null;
    const v = a.kind === 'num' ? a.value : a.kind === 'call' && a.op === 'neg' && a.args[0].kind === 'num' ? -a.args[0].value : NaN;
    if (v === 0 || v === -2) return 0;
    if (v === 1 || v === -1) return 1;
    throw new ConvertError(`\`${c.callee}\` over this axis is not supported (matrices have axes 0 and 1)`, 'unsupported');
  };

  const exponent = (e: Expr): number => {
    if (e.kind === 'num') return e.value;
    if (e.kind === 'call' && e.op === 'neg' && e.args[0].kind === 'num') return -e.args[0].value;
    throw new ConvertError('only constant exponents can be differentiated here', 'unsupported');
  };

  const call = (c: CallExpr): Node => {
    const args = () => c.args.map(go);
    const unary = unaryOpNamed(c.op);
    if (unary) return x.fn(unary.name as UnaryFn, go(c.args[0]), unary.param?.default);
    switch (c.op) {
      case 'add':
      case 'sub':
      case 'mul':
      case 'div': {
        const [a, b] = args();
        return x[c.op](a, b);
      }
      case 'matmul': {
        const [a, b] = args();
        // A scalar factor scales: s*A is s ⊙ A whatever A's shape.
        return isScalar(a) !== isScalar(b) ? x.mul(a, b) : x.matmul(a, b);
      }
      case 'neg':
        return x.neg(go(c.args[0]));
      case 'square':
        return x.pow(go(c.args[0]), 2);
      case 'pow':
        return x.pow(go(c.args[0]), exponent(c.args[1]));
      case 'transpose':
        if (c.kwargs.perm) throw new ConvertError('transpose with a permutation is not a matrix transpose', 'unsupported');
        return x.transpose(go(c.args[0]));
      case 'trace':
        return x.trace(go(c.args[0]));
      case 'inv':
        return x.inv(go(c.args[0]));
      case 'det':
        return x.det(go(c.args[0]));
      case 'logdet':
        return x.fn('log', x.det(go(c.args[0])));
      case 'diag': {
        const a = go(c.args[0]);
        // diag of a vector is the diagonal matrix; of a square matrix, its diagonal.
        return a.shape[1] === 1 || (a.shape[0] === 1 && a.shape[1] !== a.shape[0]) ? x.Diag(a) : x.diag(a);
      }
      case 'outer': {
        const [a, b] = args();
        return x.matmul(a, x.transpose(b));
      }
      case 'sum':
        return x.sum(go(c.args[0]), axisOf(c));
      case 'mean': {
        const a = go(c.args[0]);
        const axis = axisOf(c);
        const count = axis === null ? mulDims(a.shape[0], a.shape[1]) : a.shape[axis];
        return x.div(x.sum(a, axis), x.dim(count));
      }
      case 'softmax':
      case 'log_softmax': {
        const a = go(c.args[0]);
        const s = axisOf(c) === 0 ? x.transpose(x.softmax(x.transpose(a))) : x.softmax(a);
        return c.op === 'softmax' ? s : x.fn('log', s);
      }
      case 'logsumexp': {
        const a = go(c.args[0]);
        return x.fn('log', x.sum(x.fn('exp', a), axisOf(c)));
      }
      case 'maximum': {
        const [a, b] = c.args;
        if (b.kind === 'num' && b.value === 0) return x.fn('relu', go(a));
        if (a.kind === 'num' && a.value === 0) return x.fn('relu', go(b));
        throw new ConvertError('cannot differentiate maximum of two expressions (only maximum(x, 0) = relu(x))', 'unsupported');
      }
      case 'copy':
        return go(c.args[0]);
      default:
        throw new ConvertError(`cannot differentiate \`${c.callee || c.op}\`: Grad Lens has no matrix-calculus rule for ${c.op}`, 'unsupported');
    }
  };

  return go(e);
}
