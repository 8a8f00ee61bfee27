import * as assert from 'node:assert/strict';
import { parseMathSync } from '../../../../src/core/frontends/math/index';
import { Parser } from '../../../../src/core/frontends/math/parser';
import { assigns, equations, slice, stmtKinds } from './helpers';

describe('math front end: programs from notes', () => {
  describe('prose does not produce problems', () => {
    const prose = [
      'Note: this is a draft.',
      'The loss is E = -sum(Y .* log(X)) when the labels are one-hot.',
      'We set x = (see below for details',
      "If a = b then it's fine, and c = d too.",
      'x = 3 apples',
      'X = softmax(C*B*A) is the output',
      'Cost: $5 and $10 total.',
      "It's 50% done; don't worry (really).",
      '1. Step one: compute the forward pass',
      'Let $f(x) = x^2$ and $g: \\mathbb{R} \\to \\mathbb{R}$.',
      '$$\\sigma(\\mathbf{x})_j = \\frac{e^{x_j}}{\\sum_{k=1}^{|\\mathbf{x}|} e^{x_k}} \\text{ for } j = 1,\\ldots,|\\mathbf{x}| $$',
      'http://example.com/a=b?c=d',
      '$x_{ij} = \\frac{e^{z_{ij}}}{\\sum_k e^{z_{ik}}}$',
      'h_t = tanh(W h_{t-1})',
      '$$ \\nabla\\operatorname{Error}[\\mathbf{x}] = \\sum_i \\sum_j {- \\frac{\\partial{(a_{ij})}}{\\partial{x_{ij}}}} $$',
      '```python\nx = np.dot(W, x\n```',
      'E = mc^2 is famous',
      '',
      '   ',
    ];
    for (const text of prose) {
      it(JSON.stringify(text), () => {
        const p = parseMathSync(text);
        assert.deepEqual(p.problems, []);
        assert.deepEqual(assigns(p), []);
      });
    }
  });

  describe('lines that state a derivative are claims about a gradient', () => {
    const cases: Array<[string, string, string]> = [
      ['The derivative $\\frac{\\partial E}{\\partial x} = -y/x$ holds.', '∂E/∂x', '\\frac{\\partial E}{\\partial x}'],
      ['$\\frac{dE}{dW_1} = X^T G$', '∂E/∂W_1', '\\frac{dE}{dW_1}'],
      ['∂L/∂w = X^T*(X*w - y)', '∂L/∂w', '∂L/∂w'],
      ['dE/dC = (S - Y) A\' B\'', '∂E/∂C', 'dE/dC'],
      ['$\\nabla_{W} L = X^T D$', '∂L/∂W', '\\nabla_{W} L'],
    ];
    for (const [text, name, lhs] of cases) {
      it(JSON.stringify(text), () => {
        const p = parseMathSync(text);
        assert.deepEqual(p.problems, []);
        const [claim] = assigns(p);
        assert.ok(claim.target.kind === 'name' && claim.target.name === name, JSON.stringify(claim.target));
        assert.equal(slice(text, claim.target.span), lhs);
        const [loss, wrt] = name.slice(1).split('/∂');
        assert.deepEqual(claim.claims, { loss, wrt });
      });
    }

    it('a claim about vec(C) is checked as the claim about C, put back in C\'s shape', () => {
      const p = parseMathSync('C: N x 3\nc = vec(C)\n$\\frac{\\partial E}{\\partial c} = g$');
      const claim = assigns(p).find((s) => s.claims);
      assert.deepEqual(claim?.claims, { loss: 'E', wrt: 'C' });
      assert.deepEqual(equations(p).pop(), '∂E/∂c = transpose(reshape(g, (dim(C, 1), dim(C, 0))))');
    });

    it('does not read the seed\'s index-wise derivatives or ∇ of a bracketed operator', () => {
      const p = parseMathSync('$$ \\frac{\\partial{\\sigma(x)_i}}{\\partial{x_j}} = \\sigma(x)_i $$\n$$ \\nabla\\operatorname{Error}[\\mathbf{x}] = \\sum_i x_i $$');
      assert.deepEqual(assigns(p), []);
    });
  });

  describe('half-typed equations are syntax errors inside their line', () => {
    const cases: Array<[string, string]> = [
      ['X = softmax(C*', '*'],
      ['E = -sum(Y .* log(X)', '('],
      ['Y = A +', '+'],
      ['Y = A + * B', '*'],
      ['Y = (A + B]', ']'],
      ['Z = log(A, B)', 'log(A, B)'],
      ['$W = \\frac{A}{$', '\\frac'],
    ];
    for (const [line, at] of cases) {
      it(`${line}  (at ${at})`, () => {
        const text = `Intro.\n\n${line}\nok = A\n`;
        const p = parseMathSync(text);
        assert.equal(p.problems.length, 1, JSON.stringify(p.problems));
        const [e] = p.problems;
        assert.equal(e.code, 'syntax-error');
        assert.equal(e.severity, 'error');
        const lineStart = text.indexOf(line);
        assert.ok(e.span.start >= lineStart && e.span.end <= lineStart + line.length, 'inside the line');
        assert.equal(slice(text, e.span), at);
        // The rest of the note is still read.
        assert.deepEqual(equations(p), ['ok = A']);
      });
    }
  });

  describe('statements', () => {
    it('reads \\operatorname{Error}[x] = … as a definition of Error, and \\operatorname[X] as E', () => {
      assert.deepEqual(equations(parseMathSync('$\\operatorname{Error}[x] = -\\sum_i x_i$\n$$\\operatorname[X] = 2$$')), ['Error = neg(sum(x))', 'E = 2']);
    });

    it('takes the first right side of a chain x = a = b', () => {
      assert.deepEqual(equations(parseMathSync('x = vec(X) = softmax(z)')), ['x = reshape(transpose(X), (-1, 1))']);
    });

    it('allows trailing punctuation', () => {
      assert.deepEqual(equations(parseMathSync('$$ y = Ax. $$\n$z = 2y,$')), ['y = Ax', 'z = mul(2, y)']);
    });

    it('splits statements at ;', () => {
      assert.deepEqual(equations(parseMathSync('u = exp(A); v = log(u)')), ['u = exp(A)', 'v = log(u)']);
    });

    it('reads := and ≔ as definitions', () => {
      assert.deepEqual(equations(parseMathSync('y := A*x\nz ≔ y')), ['y = matmul(A, x)', 'z = y']);
    });

    it('reads each line of an align block as one equation with its own span', () => {
      const text = '\\begin{align}\nh &= \\tanh(W_1 x + b_1) \\\\\ny &= \\operatorname{softmax}(W_2 h\n   + b_2)\n\\end{align}';
      const p = parseMathSync(text);
      assert.deepEqual(equations(p), ['h = tanh(add(matmul(W_1, x), b_1))', 'y = softmax(add(matmul(W_2, h), b_2); axis=-1)']);
      assert.deepEqual(assigns(p).map((s) => slice(text, s.span)), ['h &= \\tanh(W_1 x + b_1)', 'y &= \\operatorname{softmax}(W_2 h\n   + b_2)']);
    });

    it('reads fenced math blocks', () => {
      assert.deepEqual(equations(parseMathSync('```math\nZ = A*B\n```')), ['Z = matmul(A, B)']);
    });
  });

  describe('scaling versus matrix product', () => {
    it('scales by a declared scalar', () => {
      assert.deepEqual(equations(parseMathSync('s: scalar\nA: 3 x 4\nY = s*A\nZ = A*s')), ['Y = mul(s, A)', 'Z = mul(A, s)']);
    });

    it('scales by a computed scalar (a full sum, a trace), even when defined later', () => {
      assert.deepEqual(equations(parseMathSync('Y = L*A\nL = sum(X)\nZ = tr(X)*W')), ['L = sum(X)', 'Y = mul(L, A)', 'Z = mul(trace(X), W)']);
    });

    it("keeps x'*A*x a matrix product", () => {
      assert.deepEqual(equations(parseMathSync("y = x'*A*x")), ['y = matmul(matmul(transpose(x), A), x)']);
    });

    it('scales λ‖W‖² (a norm is a scalar)', () => {
      assert.deepEqual(equations(parseMathSync('$R = \\lambda \\|W\\|^2$')), ['R = mul(λ, sum(square(W)))']);
    });
  });

  describe('LaTeX juxtaposed letters', () => {
    it('reads CBA as C·B·A when C, B and A are names of the note', () => {
      const text = 'A: 3 x 4\nB: 5 x 3\nC: 2 x 5\n$X = \\operatorname{softmax}(CBA)$';
      const p = parseMathSync(text);
      assert.deepEqual(equations(p), ['X = softmax(matmul(matmul(C, B), A); axis=-1)']);
      const [x] = assigns(p);
      assert.equal(slice(text, x.value.span), '\\operatorname{softmax}(CBA)');
    });

    it('keeps unknown runs as one name (actualX)', () => {
      assert.deepEqual(equations(parseMathSync('a: 3\n$E = actualX$')), ['E = actualX']);
    });

    it('never splits in plain text', () => {
      assert.deepEqual(equations(parseMathSync('A: 3 x 3\nB: 3 x 3\nY = AB')), ['Y = AB']);
    });
  });

  describe('robustness', () => {
    it('never throws on odd input', () => {
      const odd = ['$', '$$', '\\', '\\frac', '\\sum', '‖', '((((', '))))', '{', '}', 'x = \\', 'x = ^', "x = '", 'x = _', '\\begin{align}', '```', 'x = \u{1F600}', 'A: (', 'A ∈ ℝ^', 'x = ‖‖', 'x = ||', '\ud800', 'x = A_', 'x = \\mathbf{', 'x = \\operatorname{'];
      for (const text of odd) {
        const p = parseMathSync(text);
        assert.equal(p.language, 'math');
        assert.ok(p.problems.every((x) => x.code !== 'internal-error'), `${JSON.stringify(text)}: ${JSON.stringify(p.problems)}`);
      }
    });

    it('turns an internal failure into an internal-error on that segment and reads the rest', () => {
      const original = Parser.prototype.parseExpression;
      Parser.prototype.parseExpression = function (this: Parser, minBp?: number) {
        if (this.peek().value === 'boom') throw new TypeError('kaboom');
        return original.call(this, minBp);
      };
      try {
        const text = 'X = A\nY = boom + 1\nZ = X';
        const p = parseMathSync(text);
        assert.deepEqual(equations(p), ['X = A', 'Z = X']);
        assert.equal(p.problems.length, 1);
        assert.equal(p.problems[0].code, 'internal-error');
        assert.equal(slice(text, p.problems[0].span), 'Y = boom + 1');
        assert.match(p.problems[0].message, /kaboom/);
      } finally {
        Parser.prototype.parseExpression = original;
      }
    });

    it('spans of statements are in the text and ordered problems by position', () => {
      const text = 'Y = A +\nX = B *\n';
      const p = parseMathSync(text);
      assert.deepEqual(p.problems.map((x) => slice(text, x.span)), ['+', '*']);
    });

    it('statement kinds use the contract', () => {
      const p = parseMathSync('A: 2 x 2\nB = A\nC = C*A');
      assert.deepEqual(stmtKinds(p), [':A', '=B', '@C']);
      const [, b] = p.stmts;
      assert.equal(b.kind === 'assign' && b.op, '=');
      assert.equal(b.kind === 'assign' && b.target.kind, 'name');
    });
  });
});
