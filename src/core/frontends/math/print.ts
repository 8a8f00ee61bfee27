/** A compact infix rendering of an Expr for messages (`C·B`, `-sum(Y⊙log(X))`). */
import type { Expr } from '../../ir/program';

const INFIX: Record<string, { symbol: string; prec: number }> = {
  add: { symbol: ' + ', prec: 1 },
  sub: { symbol: ' - ', prec: 1 },
  matmul: { symbol: '·', prec: 2 },
  mul: { symbol: '⊙', prec: 2 },
  div: { symbol: '/', prec: 2 },
  pow: { symbol: '^', prec: 4 },
};

export function printExpr(e: Expr): string {
  return print(e, 0);
}

function print(e: Expr, parent: number): string {
  switch (e.kind) {
    case 'num':
      return String(e.value);
    case 'str':
      return JSON.stringify(e.value);
    case 'const':
      return e.value === null ? '?' : String(e.value);
    case 'name':
      return e.name;
    case 'tuple':
      return `(${e.items.map((i) => print(i, 0)).join(', ')})`;
    case 'comprehension':
      return `[${print(e.body, 0)} for … in ${print(e.iter, 0)}]`;
    case 'dict':
      return `{${e.keys.map((k, i) => `${JSON.stringify(k)}: ${print(e.items[i], 0)}`).join(', ')}}`;
    case 'index':
      return `${print(e.target, 5)}[…]`;
    case 'unsupported':
      return `${e.text}(${e.args.map((a) => print(a, 0)).join(', ')})`;
    case 'invoke':
      return `${e.name}(${e.args.map((a) => print(a, 0)).join(', ')})`;
    case 'call': {
      const infix = INFIX[e.op];
      if (infix && e.args.length === 2) {
        const text = `${print(e.args[0], infix.prec)}${infix.symbol}${print(e.args[1], infix.prec + 1)}`;
        return infix.prec < parent ? `(${text})` : text;
      }
      if (e.op === 'neg') {
        const text = `-${print(e.args[0], 3)}`;
        return parent > 3 ? `(${text})` : text;
      }
      if (e.op === 'transpose' && e.args.length === 1) return `${print(e.args[0], 5)}ᵀ`;
      return `${e.op}(${e.args.map((a) => print(a, 0)).join(', ')})`;
    }
  }
}
