import { strict as assert } from 'node:assert';
import { Imports } from '../../../../src/core/frontends/python/imports';
import { asCall, assigned, lowered, parse, show, slice } from './helpers';

describe('python front end: statements', () => {
  it('flattens module-level functions in order, declaring parameters and assigning defaults', async () => {
    const text = [
      '"""Module docstring."""',
      'import numpy as np',
      '',
      '@jit',
      'def loss(W, X, y, reg=1e-3, *args, **kwargs):',
      '    """Softmax loss."""',
      '    scores = X.dot(W)',
      '    assert scores.ndim == 2',
      '    print(scores.shape)',
      '    pass',
      '    return np.sum(scores) + reg * np.sum(W * W)',
    ].join('\n');
    assert.deepEqual(await lowered(text), [
      'def loss(W, X, y, reg):',
      '  declare W param parameter',
      '  declare X input parameter',
      '  declare y labels parameter',
      '  reg = 0.001',
      '  scores = matmul(X, W)',
      '  return add(sum(scores), mul(reg, sum(mul(W, W))))',
    ]);
  });

  it('keeps for and if structure; range(n) as an iterable is arange; elif nests in orelse', async () => {
    const text = [
      'for i in range(N):',
      '    dW[:, y[i]] += X[i]',
      'if reg > 0:',
      '    W += reg',
      'elif reg == 0:',
      '    W *= 1',
      'else:',
      '    W = -W',
    ].join('\n');
    const program = await parse(text);
    assert.deepEqual(await lowered(text), [
      'for i in arange(N):',
      '  dW[:, y[i]] += X[i]',
      'if gt(reg, 0):',
      '  W += reg',
      'else:',
      '  if eq(reg, 0):',
      '    W *= 1',
      '  else:',
      '    W = neg(W)',
    ]);
    const loop = program.stmts[0];
    if (loop.kind !== 'for') throw new Error('expected a for statement');
    assert.equal(slice(text, loop.iter.span), 'range(N)');
    assert.equal(slice(text, loop.target.span), 'i');
    const cond = program.stmts[1];
    if (cond.kind !== 'if') throw new Error('expected an if statement');
    assert.equal(slice(text, cond.orelse[0].span).split('\n')[0], 'elif reg == 0:');
  });

  it('runs the main guard, the bodies of with and try, and skips while loops and imports', async () => {
    const text = [
      "if __name__ == '__main__':",
      '    a = 1',
      'try:',
      '    b = 2',
      'except ValueError:',
      '    b = 3',
      'with tf.GradientTape() as tape:',
      '    c = 4',
      'while True:',
      '    d = 5',
      'from os import path',
    ].join('\n');
    assert.deepEqual(await lowered(text), ['a = 1', 'b = 2', 'c = 4']);
  });

  it('unpacks tuples, chains assignments, and writes out the augmented operators that have no AssignOp', async () => {
    assert.deepEqual(await lowered('a, (b, c) = f, (g, h)\nx = y = np.zeros(3)\nz @= W\nz **= 2\nself.h = z\n'), [
      '(a, (b, c)) = (f, (g, h))',
      'y = zeros((3,))',
      'x = y',
      'z = matmul(z, W)',
      'z = pow(z, 2)',
      'self.h = z',
    ]);
  });

  it('lowers an unknown library call to UnsupportedExpr naming the callee as written, and a call of any other name to an invocation', async () => {
    const text = 'U, s, Vt = np.linalg.svd(A @ B, full_matrices=False)\nq = my_softmax(z)\n';
    const program = await parse(text);
    const svd = assigned(program, 0);
    assert.equal(svd.kind, 'unsupported');
    if (svd.kind !== 'unsupported') return;
    assert.equal(svd.text, 'np.linalg.svd');
    assert.equal(show(svd), '?np.linalg.svd(matmul(A, B), False)');
    assert.equal(slice(text, svd.span), 'np.linalg.svd(A @ B, full_matrices=False)');
    assert.equal(show(assigned(program, 1)), 'my_softmax!(z)');
  });

  it('follows import aliases, and a name assigned over an alias is a variable again', async () => {
    assert.deepEqual(await lowered('import numpy as onp\nfrom torch.nn import functional as fn\nfrom numpy.linalg import inv\na = onp.exp(x)\nb = fn.relu(x)\nc = inv(x)\nlayers = []\nd = layers.sum()\n'), [
      'a = exp(x)',
      'b = relu(x)',
      'c = inv(x)',
      'layers = ()',
      'd = sum(layers)',
    ]);
  });

  it('lowers conditional expressions, constants and booleans', async () => {
    const program = await parse('a = x if c else y\nb = np.pi * r ** 2\nc = x[..., np.newaxis]\nd = not x\n');
    assert.equal(show(assigned(program, 0)), 'where(c, x, y)');
    assert.equal(show(assigned(program, 1)), `mul(${Math.PI}, pow(r, 2))`);
    assert.equal(show(assigned(program, 2)), 'x[..., None]');
    assert.equal(show(assigned(program, 3)), '?not(x)');
  });

  it('reports an assignment it cannot follow and goes on', async () => {
    const text = 'f(x)[0] = 1\ny = 2\n';
    const program = await parse(text);
    assert.deepEqual(program.problems.map((p) => [p.code, p.severity, slice(text, p.span)]), [['unsupported-op', 'warning', 'f(x)[0]']]);
    assert.deepEqual(await lowered(text), ['y = 2']);
  });

  it('keeps every statement span on the statement, callee spellings as written', async () => {
    const text = 'h = F.relu(self.fc1(x))\n';
    const program = await parse(text);
    const relu = asCall(assigned(program, 0));
    assert.equal(relu.callee, 'F.relu');
    assert.equal(slice(text, relu.span), 'F.relu(self.fc1(x))');
    assert.equal(slice(text, program.stmts[0].span), 'h = F.relu(self.fc1(x))');
  });

  it('turns an exception while lowering a statement into an internal-error problem on it, and goes on', async () => {
    const record = Imports.prototype.record;
    Imports.prototype.record = () => {
      throw new Error('boom');
    };
    try {
      const text = 'import numpy as np\nx = 1\n';
      const program = await parse(text);
      assert.deepEqual(
        program.problems.map((p) => [p.code, p.severity, p.message, slice(text, p.span)]),
        [['internal-error', 'error', 'internal error while reading this statement: boom', 'import numpy as np']],
      );
      assert.deepEqual(await lowered(text), ['x = 1']);
    } finally {
      Imports.prototype.record = record;
    }
  });

  it('emits shape comments written above a method in a class body before that method', async () => {
    const text = 'class Net(nn.Module):\n    def __init__(self):\n        self.fc = nn.Linear(784, 10)\n\n    # x: (N, 784)\n    def forward(self, x):\n        return self.fc(x)\n';
    assert.deepEqual(await lowered(text), ['class Net:', '  def __init__():', '  def forward(x):', '    declare x(N, 784) input comment', '    declare x input parameter', "    return linear(x, 784, 10, name='fc')"]);
  });
});
