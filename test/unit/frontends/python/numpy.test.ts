import { strict as assert } from 'node:assert';
import { allExprs, asCall, assigned, example, lowered, parse, show, slice } from './helpers';

describe('python front end: NumPy', () => {
  it('lowers examples/seed.py to canonical ops, statement by statement', async () => {
    assert.deepEqual(await lowered(example('seed.py')), [
      'N = 8',
      'C = randn((N, 1568))',
      'B = mul(randn((1568, 1024)), 0.01)',
      'A = mul(randn((1024, 10)), 0.01)',
      'y = randint(0, 10, (N,))',
      'Y = eye(10)[y]',
      'Z = matmul(matmul(C, B), A)',
      'Z_shift = sub(Z, max(Z, axis=1, keepdims=True))',
      'S = div(exp(Z_shift), sum(exp(Z_shift), axis=1, keepdims=True))',
      'E = neg(sum(mul(Y, log(S))))',
      'dZ = sub(S, Y)',
      'dC = matmul(matmul(dZ, transpose(A)), transpose(B))',
      'dB = matmul(matmul(transpose(C), dZ), transpose(A))',
      'dA = matmul(transpose(matmul(C, B)), dZ)',
    ]);
  });

  it('reads a dotted library name written with blanks or a line break inside as the same name', async () => {
    const text = ['import numpy as np', 'a = np.random.randn(3, 4)', 'b = np . random.randn(3, 4)', 'c = (np.random', '     .randn(3, 4))', 'd = np.linalg.inv(a @ a.T)'].join('\n');
    assert.deepEqual(await lowered(text), ['a = randn((3, 4))', 'b = randn((3, 4))', 'c = randn((3, 4))', 'd = inv(matmul(a, transpose(a)))']);
  });

  it('keeps spans that slice the source to what was written', async () => {
    const text = example('seed.py');
    const program = await parse(text);
    const z = asCall(assigned(program, 6));
    assert.equal(slice(text, program.stmts[6].span), 'Z = C @ B @ A');
    assert.equal(slice(text, z.span), 'C @ B @ A');
    assert.equal(z.callee, '@');
    assert.equal(slice(text, z.args[0].span), 'C @ B');
    const dA = asCall(assigned(program, 13));
    assert.equal(slice(text, dA.args[0].span), '(C @ B).T');
    assert.equal(slice(text, asCall(dA.args[0]).args[0].span), 'C @ B');
    const shift = asCall(assigned(program, 7));
    const max = asCall(shift.args[1]);
    assert.equal(max.callee, 'Z.max');
    assert.equal(slice(text, max.span), 'Z.max(axis=1, keepdims=True)');
    assert.equal(slice(text, max.kwargs.axis.span), '1');
    assert.equal(slice(text, max.kwargs.keepdims.span), 'True');
    // Every expression's span lies inside the text and is not empty.
    for (const e of allExprs(program.stmts)) {
      assert.ok(e.span.start >= 0 && e.span.end <= text.length && e.span.end > e.span.start, show(e));
    }
  });

  it('lowers the two-layer net with in-place index updates, masks and fancy indexing', async () => {
    const lines = await lowered(example('two_layer_net.py'));
    assert.deepEqual(lines.slice(0, 3), ['(N, D, H, K) = (8, 20, 16, 5)', 'X = randn((N, D))', 'y = randint(0, K, (N,))']);
    assert.ok(lines.includes('h = maximum(0, hpre)'));
    assert.ok(lines.includes('loss = neg(mean(log(probs[arange(N), y])))'));
    assert.ok(lines.includes('dscores = copy(probs)'));
    assert.ok(lines.includes('dscores[arange(N), y] -= 1'));
    assert.ok(lines.includes('dscores /= N'));
    assert.ok(lines.includes('dh[le(hpre, 0)] = 0'));
    assert.ok(lines.includes('db1 = sum(dh, axis=0)'));
  });

  it('gives index targets their own spans', async () => {
    const text = 'dscores[np.arange(N), y] -= 1\n';
    const program = await parse(text);
    const stmt = program.stmts[0];
    assert.equal(stmt.kind, 'assign');
    if (stmt.kind !== 'assign' || stmt.target.kind !== 'index') throw new Error('expected an index target');
    assert.equal(stmt.op, '-=');
    assert.equal(stmt.target.name, 'dscores');
    assert.equal(slice(text, stmt.target.span), 'dscores[np.arange(N), y]');
    assert.equal(slice(text, stmt.target.items[0].span), 'np.arange(N)');
    assert.equal(slice(text, stmt.span), text.trim());
  });

  it('lowers the spellings of the elementwise, linear-algebra and reduction ops', async () => {
    const cases: [string, string][] = [
      ['np.dot(a, b.T)', 'matmul(a, transpose(b))'],
      ['a.dot(b)', 'matmul(a, b)'],
      ['np.matmul(a, b)', 'matmul(a, b)'],
      ['np.multiply(a, b)', 'mul(a, b)'],
      ['a + b - c * d / e ** 2', 'sub(add(a, b), div(mul(c, d), pow(e, 2)))'],
      ['-x', 'neg(x)'],
      ['np.maximum(0, x)', 'maximum(0, x)'],
      ['np.minimum(x, 1)', 'minimum(x, 1)'],
      ['np.sqrt(np.abs(np.square(np.tanh(x))))', 'sqrt(abs(square(tanh(x))))'],
      ['np.sum(x, axis=1, keepdims=True)', 'sum(x, axis=1, keepdims=True)'],
      ['np.mean(x, 0)', 'mean(x, axis=0)'],
      ['x.sum(axis=0)', 'sum(x, axis=0)'],
      ['x.min()', 'min(x)'],
      ['np.max(x, axis=-1)', 'max(x, axis=-1)'],
      ['np.log(np.sum(np.exp(x)))', 'log(sum(exp(x)))'],
      ['np.linalg.inv(A)', 'inv(A)'],
      ['np.linalg.det(A)', 'det(A)'],
      ['np.trace(A)', 'trace(A)'],
      ['np.diag(v)', 'diag(v)'],
      ['np.outer(u, v)', 'outer(u, v)'],
      ['np.where(x > 0, x, 0)', 'where(gt(x, 0), x, 0)'],
      ['(a >= b, a < b, a <= b, a == b)', '(ge(a, b), lt(a, b), le(a, b), eq(a, b))'],
      ['x.copy()', 'copy(x)'],
      ['np.linalg.svd(x)', '?np.linalg.svd(x)'],
    ];
    for (const [source, expected] of cases) {
      const program = await parse(`r = ${source}\n`);
      assert.equal(show(assigned(program, 0)), expected, source);
    }
  });

  it('lowers creation ops with their shape as one tuple', async () => {
    const cases: [string, string][] = [
      ['np.zeros((3, 4))', 'zeros((3, 4))'],
      ['np.zeros(H)', 'zeros((H,))'],
      ['np.ones([N, D])', 'ones((N, D))'],
      ['np.random.randn(N, D)', 'randn((N, D))'],
      ['np.random.randn()', 'randn(())'],
      ['np.random.rand(3)', 'rand((3,))'],
      ['np.random.normal(0, 1, (N, D))', 'randn((N, D))'],
      ['np.random.normal(0.0, 0.1, size=(3, 4))', 'randn((3, 4))'],
      ['np.random.randint(0, 10, N)', 'randint(0, 10, (N,))'],
      ['np.random.randint(10, size=N)', 'randint(0, 10, (N,))'],
      ['np.eye(10)', 'eye(10)'],
      ['np.zeros_like(W)', 'zeros_like(W)'],
      ['np.ones_like(W)', 'ones_like(W)'],
      ['np.full((2, 3), 7.5)', 'full((2, 3), 7.5)'],
      ['np.arange(N)', 'arange(N)'],
      ['np.arange(2, N)', 'arange(2, N)'],
      ['range(0, N, 2)', 'arange(0, N, step=2)'],
      ['np.zeros(X.shape)', 'zeros((shape(X),))'],
    ];
    for (const [source, expected] of cases) {
      const program = await parse(`r = ${source}\n`);
      assert.equal(show(assigned(program, 0)), expected, source);
    }
  });

  it('reads shapes: X.shape[0], len(x), N, D = X.shape, reshape with -1', async () => {
    const text = 'N, D = X.shape\nn = X.shape[0]\nm = len(x)\nr = x.reshape(-1, 784)\nq = x.reshape((N, -1))\nt = x[:, None]\nu = x[0]\nv = P[range(N), y]\n';
    const program = await parse(text);
    assert.deepEqual(
      (await lowered(text)),
      [
        '(N, D) = shape(X)',
        'n = dim(X, 0)',
        'm = dim(x, 0)',
        'r = reshape(x, (-1, 784))',
        'q = reshape(x, (N, -1))',
        't = x[:, None]',
        'u = x[0]',
        'v = P[arange(N), y]',
      ],
    );
    const n = asCall(assigned(program, 1));
    assert.equal(slice(text, n.span), 'X.shape[0]');
    assert.equal(slice(text, n.args[1].span), '0');
    const r = asCall(assigned(program, 3));
    assert.equal(slice(text, r.args[1].span), '-1, 784');
    assert.equal(slice(text, (r.args[1] as { items: { span: { start: number; end: number } }[] }).items[0].span), '-1');
  });

  it('keeps Python scalar arithmetic as calls over numbers; // is div with floor', async () => {
    assert.deepEqual(await lowered('F = 7 * 7 * 64\nh = H // 2\nh //= 2\n'), [
      'F = mul(mul(7, 7), 64)',
      'h = div(H, 2, floor=True)',
      'h = div(h, 2, floor=True)',
    ]);
  });

  it("reads float('-inf') and its kin as the numbers they spell, and other text as unsupported", async () => {
    assert.deepEqual(await lowered("a = float('-inf')\nb = float('inf')\nc = float(' 0.5 ')\nd = float('eleven')\n"), ['a = -Infinity', 'b = Infinity', 'c = 0.5', "d = ?float('eleven')"]);
    assert.deepEqual(await lowered("e = float('nan')\n"), ['e = NaN']);
  });

  it('names dict entries on plain names canonically, with single quotes', async () => {
    const text = `grads["W2"] = h.T @ dscores\nparams['W1'] -= lr * grads['W1']\nself.params["b"] = 0\nx = cache['h'][0]\n`;
    const program = await parse(text);
    assert.deepEqual(await lowered(text), [
      "grads['W2'] = matmul(transpose(h), dscores)",
      "params['W1'] -= mul(lr, grads['W1'])",
      "self.params['b'] = 0",
      "x = cache['h'][0]",
    ]);
    const stmt = program.stmts[0];
    if (stmt.kind !== 'assign') throw new Error('expected an assignment');
    assert.equal(slice(text, stmt.target.span), 'grads["W2"]');
  });
});
