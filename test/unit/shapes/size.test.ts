import { strict as assert } from 'node:assert';
import { add, ceilDiv, compare, constant, divide, equal, floorDiv, format, mul, parse, sub, substitute, symbol, symbolsOf, type Poly } from '../../../src/core/shapes/size';

const p = (text: string): Poly => parse(text);
const text = (q: Poly | null): string => (q === null ? 'null' : format(q));

describe('size algebra', () => {
  describe('normal form', () => {
    it('collects like terms and orders factors, so one size has one text', () => {
      assert.equal(text(add(symbol('C'), symbol('C'))), '2*C');
      assert.equal(text(mul(mul(symbol('H'), symbol('W')), symbol('C'))), 'C*H*W');
      assert.equal(text(sub(symbol('N'), constant(1))), 'N-1');
      assert.equal(text(p('W*H*C')), 'C*H*W');
      assert.equal(text(p('N + 2 - 3')), 'N-1');
      assert.equal(text(sub(symbol('N'), symbol('N'))), '0');
    });

    it('multiplies out sums and keeps powers', () => {
      assert.equal(text(mul(p('N+1'), p('N-1'))), 'N*N-1');
      assert.equal(text(mul(p('2*T'), p('T+3'))), '2*T*T+6*T');
    });

    it('prints what it parses, in Python notation, and with · for the editor', () => {
      for (const s of ['2*C', 'C//4', 'N-1', 'C*H*W', '(H+1)//2', '4*B*(C//4)*T', '(H-k+2*p)//s+1', 'N//(h*w)', '-(C//4)+N', '(H+1)//2-1']) assert.equal(text(p(s)), s);
      assert.equal(format(p('2*C'), '·'), '2·C');
      assert.equal(format(p('2*(C//4)+N*T'), '·'), 'N·T+2·(C//4)');
    });

    it('reads text that is not an expression as one opaque symbol', () => {
      assert.equal(text(p('x.shape')), 'x.shape');
      assert.deepEqual(symbolsOf(p('a[0] +')), ['a[0] +']);
    });
  });

  describe('equality by value', () => {
    it('2·C equals C + C; C·T equals T·C; (N+1)(N−1) equals N² − 1', () => {
      assert.ok(equal(p('2*C'), add(p('C'), p('C'))));
      assert.ok(equal(p('C*T'), p('T*C')));
      assert.ok(equal(mul(p('N+1'), p('N-1')), p('N*N-1')));
      assert.ok(!equal(p('C//4'), p('C')));
      assert.ok(!equal(p('4*(C//4)'), p('C')));
    });
  });

  describe('division', () => {
    it('is exact where a quotient exists, and says so where it does not', () => {
      assert.equal(text(divide(p('1568*N'), constant(1568))), 'N');
      assert.equal(text(divide(p('N*T'), p('T'))), 'N');
      assert.equal(text(divide(p('2*N+2'), p('N+1'))), '2');
      assert.equal(divide(p('500*N'), constant(320)), null);
      assert.equal(divide(p('N'), p('T')), null);
    });

    it('floors: exact multiples leave the floor, whole multiples move out, the remainder stays', () => {
      assert.equal(text(floorDiv(p('4*C'), constant(4))), 'C');
      assert.equal(text(floorDiv(p('T*C'), p('C'))), 'T');
      assert.equal(text(floorDiv(p('C'), constant(4))), 'C//4');
      assert.equal(text(floorDiv(p('2*C'), constant(4))), 'C//2');
      assert.equal(text(floorDiv(p('2*N+H'), constant(2))), 'H//2+N');
      assert.equal(text(floorDiv(p('4*N+5'), constant(4))), 'N+1');
      assert.equal(text(floorDiv(p('N*T'), p('N*h'))), 'T//h');
      assert.equal(text(floorDiv(constant(7), constant(2))), '3');
      assert.equal(text(floorDiv(constant(-7), constant(2))), '-4');
      assert.equal(floorDiv(p('N'), constant(0)), null);
    });

    it('keeps the constant inside a floor in [0, divisor): (H−1)//2 is (H+1)//2 − 1, and two floors by constants are one', () => {
      assert.equal(text(floorDiv(p('H-1'), constant(2))), '(H+1)//2-1');
      assert.equal(text(p('((H-1)//2-1)//2+1')), '(H+1)//4');
      assert.equal(text(p('(D//4+1)//2')), '(D+4)//8');
    });

    it("agrees with Python's floor division at every value it is tried at", () => {
      for (const e of ['(H-1)//2', '(H-3)//2', '((H-1)//2-1)//2+1', '((H-3)//2+5)//3', '(H//4+1)//2', '(H//3-2)//2', '(2*H-7)//3', '(-H+1)//2', '(H-5)//4+N', '(3*N+H)//3', '(N*H-1)//2']) {
        const q = p(e);
        for (let H = 1; H <= 24; H++) {
          for (const N of [1, 2, 5]) {
            const v = substitute(q, (x) => (x === 'H' ? constant(H) : x === 'N' ? constant(N) : undefined));
            assert.equal(v.length === 0 ? 0 : v[0].coef, pythonValue(e, { H, N }), `${e} at H=${H}, N=${N} (normal form ${text(q)})`);
          }
        }
      }
    });

    it('ceilings by a constant', () => {
      assert.equal(text(ceilDiv(p('N'), 2)), '(N+1)//2');
      assert.equal(text(ceilDiv(p('4*N'), 2)), '2*N');
    });
  });

  describe('the conv and pool output formula (H + 2p − k) // s + 1', () => {
    const formula = (h: string, k: string, s: string, pad: string) => add(floorDiv(sub(add(p(h), mul(constant(2), p(pad))), p(k)), p(s)) as Poly, constant(1));

    it('stays symbolic in every size, and agrees with the numbers once they are known', () => {
      const out = formula('H', 'k', 's', 'p');
      assert.equal(text(out), '(H-k+2*p)//s+1');
      const at = (values: Record<string, number>) => text(substitute(out, (x) => (x in values ? constant(values[x]) : undefined)));
      assert.equal(at({ H: 28, k: 3, s: 1, p: 0 }), '26');
      assert.equal(at({ H: 28, k: 3, s: 2, p: 1 }), '14');
      assert.equal(at({ H: 27, k: 3, s: 2, p: 1 }), '14');
      assert.equal(at({ k: 3, s: 2, p: 1 }), '(H+1)//2');
      assert.equal(at({ k: 3, s: 1, p: 1 }), 'H');
    });
  });

  describe('comparison', () => {
    it('equal, different for every size, or solved for one symbol', () => {
      assert.deepEqual(compare(p('2*C'), p('C+C')), { kind: 'equal' });
      assert.deepEqual(compare(p('N'), p('N-1')), { kind: 'differ' });
      assert.deepEqual(compare(p('2*C'), p('C')), { kind: 'differ' });
      assert.deepEqual(compare(p('2*C'), constant(64)), { kind: 'solved', symbol: 'C', value: 32 });
      assert.deepEqual(compare(p('2*C'), p('C+4')), { kind: 'solved', symbol: 'C', value: 4 });
      assert.deepEqual(compare(p('2*C'), constant(63)), { kind: 'differ' });
    });

    it('names the condition under which a floor gives back what it divided', () => {
      assert.deepEqual(compare(p('4*(C//4)'), p('C')), { kind: 'conditional', condition: 'C = 4·k' });
      assert.deepEqual(compare(p('B*T*C'), p('B*T*h*(C//h)')), { kind: 'conditional', condition: 'C = h·k' });
      assert.deepEqual(compare(p('k*C'), p('4*k*(C//4)')), { kind: 'conditional', condition: 'C = 4·k1' });
    });

    it('keeps what it cannot decide', () => {
      assert.deepEqual(compare(p('N'), p('M')), { kind: 'unknown' });
      assert.deepEqual(compare(p('N*M'), p('T')), { kind: 'unknown' });
    });
  });
});

/** A reference evaluator of + - * // and brackets, with Python's floor division. */
function pythonValue(expr: string, values: Record<string, number>): number {
  let i = 0;
  const t = expr.replace(/\s/g, '');
  const sum = (): number => {
    let v = product();
    while (t[i] === '+' || t[i] === '-') {
      const op = t[i++];
      const r = product();
      v = op === '+' ? v + r : v - r;
    }
    return v;
  };
  const product = (): number => {
    let v = unary();
    for (;;) {
      if (t.startsWith('//', i)) {
        i += 2;
        v = Math.floor(v / unary());
      } else if (t[i] === '*') {
        i++;
        v *= unary();
      } else return v;
    }
  };
  const unary = (): number => {
    if (t[i] === '-') {
      i++;
      return -unary();
    }
    if (t[i] === '(') {
      i++;
      const v = sum();
      i++;
      return v;
    }
    const m = /^\d+|^[A-Za-z]\w*/.exec(t.slice(i)) as RegExpExecArray;
    i += m[0].length;
    return /^\d/.test(m[0]) ? Number(m[0]) : values[m[0]];
  };
  return sum();
}
