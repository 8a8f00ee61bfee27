import { unaryOpNamed } from '../../ops/index';
import { addDims, type Dim, subDims, writeDim } from '../../shapes/dim';
import { isScalar, type Node, topoOrder } from '../expr';

/**
 * NumPy source for a gradient: a self-contained module defining
 * `gradient(<every input>)`, taking arrays by keyword (vectors as 1-D arrays), returning
 * the gradient shaped like the variable. Subexpressions used twice become temporaries.
 */
export interface NumpyOptions {
  wrt: string;
  /** Every input of the expression, in signature order (the gradient may not read them all). */
  inputs: readonly Node[];
  /** A one-line description for the docstring. */
  doc: string;
}

const KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield np gradient'.split(' '),
);

const STANDARDIZE_HELPER = ['def _standardize(Z, eps):', '    """Row-wise (Z - mean) / sqrt(biased variance + eps)."""', '    C = Z - Z.mean(axis=1, keepdims=True)', '    return C / np.sqrt((C * C).mean(axis=1, keepdims=True) + eps)'].join('\n');
const SOFTMAX_HELPER = ['def _softmax(Z):', '    """Row-wise softmax, shifted by the row maximum."""', '    E = np.exp(Z - Z.max(axis=1, keepdims=True))', '    return E / E.sum(axis=1, keepdims=True)'].join('\n');

const enum P {
  Sum = 1,
  Product = 2,
  Unary = 3,
  Power = 4,
  Atom = 5,
}

interface Code {
  s: string;
  p: P;
}

/** A valid Python identifier for an input name (self.W1 → self_W1). */
export function pythonName(name: string, taken: Set<string>): string {
  let base = name.replace(/[^A-Za-z0-9_]/g, '_');
  if (!/^[A-Za-z_]/.test(base)) base = `_${base}`;
  if (KEYWORDS.has(base)) base = `${base}_`;
  let out = base;
  for (let i = 2; taken.has(out); i++) out = `${base}_${i}`;
  taken.add(out);
  return out;
}

export function toNumpy(gradient: Node, options: NumpyOptions): string {
  const taken = new Set<string>();
  const names = new Map<string, string>();
  for (const v of options.inputs) names.set(v.name as string, pythonName(v.name as string, taken));
  const wrtPy = names.get(options.wrt) ?? pythonName(options.wrt, taken);
  /** Helper functions the code calls, by name, in the order first used. */
  const used = new Map<string, string>();
  const lines: string[] = [];

  // A symbolic size is read off an input that has it.
  const dimSource = new Map<Dim, string>();
  for (const v of options.inputs) {
    v.shape.forEach((d, axis) => {
      if (typeof d === 'string' && !dimSource.has(d)) dimSource.set(d, `${names.get(v.name as string)}.shape[${axis}]`);
    });
  }
  /** Numbers no input's shape holds (`reg` defined nowhere in the code): parameters of their own, after the inputs. */
  const scalars: string[] = [];
  const dim = (d: Dim): string => {
    if (typeof d === 'number') return String(d);
    const whole = dimSource.get(d);
    if (whole) return whole;
    return writeDim(d, (s) => {
      let source = dimSource.get(s);
      if (source === undefined) {
        source = pythonName(s, taken);
        dimSource.set(s, source);
        scalars.push(source);
      }
      return source;
    }, ' * ');
  };

  // Temporaries for shared, non-trivial subexpressions.
  const uses = new Map<Node, number>();
  for (const n of topoOrder([gradient])) for (const a of n.args) uses.set(a, (uses.get(a) ?? 0) + 1);
  const temps = new Map<Node, string>();
  let tempCount = 0;

  const wrap = (c: Code, min: P) => (c.p < min ? `(${c.s})` : c.s);
  const go = (n: Node): Code => {
    const t = temps.get(n);
    if (t) return { s: t, p: P.Atom };
    const code = render(n);
    const shared = (uses.get(n) ?? 0) > 1 && n.args.length > 0 && !(n.op === 'transpose' && n.args[0].op === 'var');
    if (!shared) return code;
    const name = pythonName(`t${++tempCount}`, taken);
    lines.push(`    ${name} = ${code.s}`);
    temps.set(n, name);
    return { s: name, p: P.Atom };
  };
  const fn = (f: string, ...args: Code[]): Code => ({ s: `${f}(${args.map((a) => a.s).join(', ')})`, p: P.Atom });

  const render = (n: Node): Code => {
    const [a, b] = n.args;
    switch (n.op) {
      case 'var':
        return { s: names.get(n.name as string) as string, p: P.Atom };
      case 'const': {
        const v = n.value as number;
        const s = Number.isInteger(v) ? `${v}.0` : String(v);
        return { s, p: v < 0 ? P.Unary : P.Atom };
      }
      case 'dim':
        return { s: dim(n.dim as Dim), p: String(n.dim).includes('*') ? P.Product : P.Atom };
      case 'eye':
        return fn('np.eye', { s: dim(n.shape[0]), p: P.Atom });
      case 'ones':
      case 'zeros':
        return { s: `np.${n.op}((${dim(n.shape[0])}, ${dim(n.shape[1])}))`, p: P.Atom };
      case 'matmul':
        return matmul(n.args);
      case 'transpose':
        return { s: `${wrap(go(a), P.Atom)}.T`, p: P.Atom };
      case 'trace':
        return fn('np.trace', go(a));
      case 'inv':
        return fn('np.linalg.inv', go(a));
      case 'det':
        return fn('np.linalg.det', go(a));
      case 'Diag':
        return fn('np.diagflat', go(a));
      case 'diag':
        return { s: `np.diag(${go(a).s}).reshape(-1, 1)`, p: P.Atom };
      case 'kron':
        return fn('np.kron', go(a), go(b));
      case 'add':
        return { s: `${wrap(go(a), P.Sum)} + ${wrap(go(b), P.Product)}`, p: P.Sum };
      case 'sub':
        return { s: `${wrap(go(a), P.Sum)} - ${wrap(go(b), P.Product)}`, p: P.Sum };
      case 'neg':
        return { s: `-${wrap(go(a), P.Power)}`, p: P.Unary };
      case 'mul':
        return { s: `${wrap(go(a), P.Unary)} * ${wrap(go(b), P.Power)}`, p: P.Product };
      case 'div':
        return { s: `${wrap(go(a), P.Unary)} / ${wrap(go(b), P.Power)}`, p: P.Product };
      case 'pow':
        return { s: `${wrap(go(a), P.Atom)} ** ${n.value as number}`, p: P.Power };
      case 'step':
        return fn('np.heaviside', go(a), { s: '0.0', p: P.Atom });
      case 'sum':
      case 'prod':
        return n.axis === null || n.axis === undefined ? fn(`np.${n.op}`, go(a)) : { s: `np.${n.op}(${go(a).s}, axis=${n.axis}, keepdims=True)`, p: P.Atom };
      case 'block': {
        const [r0, c0] = n.offset as [Dim, Dim];
        const range = (k: 0 | 1, start: Dim) => `${dim(start)}:${dim(addDims(start, n.shape[k]))}`;
        return { s: `${wrap(go(a), P.Atom)}[${range(0, r0)}, ${range(1, c0)}]`, p: P.Atom };
      }
      case 'embed': {
        const [r0, c0] = n.offset as [Dim, Dim];
        const widths = (k: 0 | 1, start: Dim) => `(${dim(start)}, ${dim(subDims(subDims(n.shape[k], start), a.shape[k]))})`;
        return { s: `np.pad(${go(a).s}, (${widths(0, r0)}, ${widths(1, c0)}))`, p: P.Atom };
      }
      case 'norm':
        return fn('np.linalg.norm', go(a));
      case 'softmax':
        used.set('_softmax', SOFTMAX_HELPER);
        return fn('_softmax', go(a));
      case 'standardize':
        used.set('_standardize', STANDARDIZE_HELPER);
        return fn('_standardize', go(a), { s: String(n.value), p: P.Atom });
      default: {
        const op = unaryOpNamed(n.op);
        if (!op) throw new Error(`no NumPy code for ${n.op}`);
        if (op.print.numpyHelper) used.set(op.print.numpyHelper.name, op.print.numpyHelper.code);
        // The argument goes in parenthesised unless atomic: modules use it inside arithmetic (x / (1 + np.exp(-x))).
        return { s: op.print.numpy(wrap(go(a), P.Atom), n.value ?? op.param?.default ?? 0), p: P.Atom };
      }
    }
  };

  /** A @ B @ C; Diag(v) factors become broadcasts (v * M, M * v.T) rather than dense matrices. */
  const matmul = (factors: readonly Node[]): Code => {
    let acc: Code | null = null;
    // True while `acc` holds the vector v of a leading Diag(v).
    let diagVector = false;
    for (const f of factors) {
      if (isScalar(f) && f.op !== 'matmul') {
        // A scalar-valued factor (0-d in NumPy) scales.
        const s = go(f);
        acc = acc ? { s: `${wrap(acc, P.Unary)} * ${wrap(s, P.Power)}`, p: P.Product } : s;
      } else if (!acc) {
        diagVector = f.op === 'Diag';
        acc = diagVector ? go(f.args[0]) : go(f);
      } else if (diagVector) {
        acc = { s: `${wrap(acc, P.Unary)} * ${wrap(go(f), P.Power)}`, p: P.Product };
        diagVector = false;
      } else if (f.op === 'Diag') {
        acc = { s: `${wrap(acc, P.Unary)} * ${wrap(go(f.args[0]), P.Atom)}.T`, p: P.Product };
      } else {
        acc = { s: `${wrap(acc, P.Product)} @ ${wrap(go(f), P.Power)}`, p: P.Product };
      }
    }
    return diagVector ? fn('np.diagflat', acc as Code) : (acc as Code);
  };

  const result = go(gradient);
  const header = [`import numpy as np`, ''];
  for (const code of used.values()) header.push('', code, '');
  const params = [...options.inputs.map((v) => names.get(v.name as string) as string), ...scalars];
  const prologue = options.inputs.map((v) => {
    const py = names.get(v.name as string) as string;
    const [r, c] = v.shape;
    // Vectors arrive as 1-D arrays; inside, they are columns (or rows) as in the math.
    const reshape = r === 1 && c === 1 ? '.reshape(1, 1)' : c === 1 ? '.reshape(-1, 1)' : r === 1 ? '.reshape(1, -1)' : '';
    return `    ${py} = np.asarray(${py}, dtype=np.float64)${reshape}`;
  });
  return [
    ...header,
    '',
    `def gradient(${params.join(', ')}):`,
    `    """${options.doc.replace(/"""/g, "'''")}"""`,
    `    shape = np.shape(${wrtPy})`,
    ...prologue,
    ...lines,
    `    return np.reshape(${result.s}, shape)`,
    '',
  ].join('\n');
}
