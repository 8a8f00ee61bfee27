import { strict as assert } from 'node:assert';
import { asCall, assigned, declarations, example, flatStmts, lowered, loweredFlat, parse, show, slice } from './helpers';

describe('python front end: PyTorch', () => {
  it('inlines an nn.Module: layers recorded in __init__, forward flattened, input shape from its comment', async () => {
    assert.deepEqual(await loweredFlat(example('mnist_torch.py')), [
      'declare x(N, 1, 28, 28) input comment',
      "x = conv2d_layer(x, 1, 32, 3, stride=1, name='conv1')",
      'x = relu(x)',
      "x = conv2d_layer(x, 32, 64, 3, stride=1, name='conv2')",
      'x = relu(x)',
      "x = max_pool2d(x, 2, layout='NCHW')",
      'x = flatten(x, start_dim=1)',
      "x = linear(x, 9216, 128, name='fc1')",
      'x = relu(x)',
      "x = linear(x, 128, 10, name='fc2')",
      'output = log_softmax(x, axis=1)',
      'return output',
    ]);
  });

  it('points the inlined layer arguments at the literals in __init__, so a fix can edit them', async () => {
    const text = example('mnist_torch.py');
    const program = await parse(text);
    const fc1 = asCall(assigned(program, 6));
    assert.equal(fc1.op, 'linear');
    assert.equal(fc1.callee, 'self.fc1');
    assert.equal(slice(text, fc1.span), 'self.fc1(x)');
    const inFeatures = fc1.args[1];
    assert.equal(slice(text, inFeatures.span), '9216');
    // The literal sits on the __init__ line, not in forward.
    const initLine = text.slice(0, inFeatures.span.start).split('\n').length;
    assert.equal(text.split('\n')[initLine - 1].trim(), 'self.fc1 = nn.Linear(9216, 128)');
    assert.equal(slice(text, fc1.kwargs.name.span), 'fc1');
    const decl = declarations(program)[0];
    assert.equal(slice(text, decl.span), 'x: (N, 1, 28, 28)');
    assert.equal(slice(text, decl.dims![3].span), '28');
  });

  it('reads seed_torch.py: nested calls, positional stride/padding, bias=False, 7 * 7 * 32', async () => {
    assert.deepEqual(await loweredFlat(example('seed_torch.py')), [
      'declare x(N, 1, 28, 28) input comment',
      "x = max_pool2d(relu(conv2d_layer(x, 1, 32, 5, stride=1, padding=2, name='conv1')), 2, layout='NCHW')",
      "x = max_pool2d(relu(conv2d_layer(x, 32, 32, 5, stride=1, padding=2, name='conv2')), 2, layout='NCHW')",
      'x = flatten(x, start_dim=1)',
      "x = linear(x, mul(mul(7, 7), 32), 1024, bias=False, name='fc1')",
      "x = linear(x, 1024, 10, bias=False, name='fc2')",
      'return log_softmax(x, axis=1)',
    ]);
  });

  it('inlines an nn.Sequential assigned to a name, layer by layer', async () => {
    const text = [
      'import torch.nn as nn',
      'model = nn.Sequential(',
      '    nn.Linear(784, 128),',
      '    nn.ReLU(),',
      '    nn.Dropout(0.2),',
      '    nn.Linear(128, 10),',
      '    nn.Softmax(dim=1),',
      ')',
      'x = torch.randn(64, 784)',
      'y = model(x)',
    ].join('\n');
    const program = await parse(text);
    assert.deepEqual(await lowered(text), [
      'x = randn((64, 784))',
      "y = softmax(linear(relu(linear(x, 784, 128, name='model.0')), 128, 10, name='model.3'), axis=1)",
    ]);
    const outer = asCall(assigned(program, 1));
    assert.equal(slice(text, outer.span), 'model(x)');
    const inner = asCall(asCall(asCall(outer.args[0]).args[0]).args[0]);
    assert.equal(inner.callee, 'nn.Linear');
    assert.equal(slice(text, inner.args[1].span), '784');
  });

  it('uses a Sequential attribute of a Module, and module attributes that are tensors', async () => {
    const text = [
      'class Net(nn.Module):',
      '    def __init__(self, hidden=100):',
      '        super().__init__()',
      '        self.features = nn.Sequential(nn.Flatten(), nn.Linear(784, hidden), nn.Tanh())',
      '        self.W = nn.Parameter(torch.randn(hidden, 10))',
      '    def forward(self, x):',
      '        # x: (N, 1, 28, 28)',
      '        h = self.features(x)',
      '        return h @ self.W',
    ].join('\n');
    assert.deepEqual(await loweredFlat(text), [
      'hidden = 100',
      'self.W = randn((hidden, 10))',
      'declare x(N, 1, 28, 28) input comment',
      "h = tanh(linear(flatten(x, start_dim=1), 784, hidden, name='features.1'))",
      'return matmul(h, self.W)',
    ]);
  });

  it('lowers torch functions and tensor methods', async () => {
    const cases: [string, string][] = [
      ['torch.randn(3, 4, requires_grad=True)', 'randn((3, 4))'],
      ['torch.zeros((N, D))', 'zeros((N, D))'],
      ['torch.ones(5)', 'ones((5,))'],
      ['torch.rand(2, 3)', 'rand((2, 3))'],
      ['torch.matmul(a, b)', 'matmul(a, b)'],
      ['torch.mm(a, b)', 'matmul(a, b)'],
      ['a.mm(b)', 'matmul(a, b)'],
      ['W.t()', 'transpose(W)'],
      ['self.W.T', 'transpose(self.W)'],
      ['x.transpose(0, 1)', 'transpose(x, swap=(0, 1))'],
      ['torch.transpose(x, 1, 2)', 'transpose(x, swap=(1, 2))'],
      ['x.permute(0, 2, 1)', 'transpose(x, perm=(0, 2, 1))'],
      ['x.view(x.size(0), -1)', 'reshape(x, (dim(x, 0), -1))'],
      ['x.view(-1, 320)', 'reshape(x, (-1, 320))'],
      ['x.reshape(N, 4, 4)', 'reshape(x, (N, 4, 4))'],
      ['x.size()', 'shape(x)'],
      ['torch.flatten(x)', 'flatten(x, start_dim=0)'],
      ['x.flatten(1)', 'flatten(x, start_dim=1)'],
      ['F.relu(x)', 'relu(x)'],
      ['torch.relu(x)', 'relu(x)'],
      ['x.relu()', 'relu(x)'],
      ['F.softmax(x, dim=1)', 'softmax(x, axis=1)'],
      ['F.log_softmax(x, 1)', 'log_softmax(x, axis=1)'],
      ['F.cross_entropy(logits, y)', 'cross_entropy(logits, y)'],
      ['torch.tanh(torch.sigmoid(torch.exp(torch.log(x))))', 'tanh(sigmoid(exp(log(x))))'],
      ['torch.sum(x, dim=1, keepdim=True)', 'sum(x, axis=1, keepdims=True)'],
      ['x.sum(dim=1)', 'sum(x, axis=1)'],
      ['torch.mean(x)', 'mean(x)'],
      ['x.clone()', 'copy(x)'],
      ['x.detach()', 'copy(x)'],
      ['x.to(device).float()', 'x'],
      ['F.max_pool2d(x, 2)', "max_pool2d(x, 2, layout='NCHW')"],
      ['F.max_pool2d(x, kernel_size=3, stride=2)', "max_pool2d(x, 3, stride=2, layout='NCHW')"],
      ['torch.randint(0, 10, (N,))', 'randint(0, 10, (N,))'],
      ['torch.randint(10, (N,))', 'randint(0, 10, (N,))'],
      ['x.unsqueeze(1)', 'expand_dims(x, 1)'],
      ['torch.cat([a, b], dim=1)', 'concat((a, b), 1)'],
      ['nn.Linear(3, 4)(x)', "linear(x, 3, 4, name='linear')"],
      ['F.linear(x, W, b)', 'add(matmul(x, transpose(W)), b)'],
      ['F.linear(x, W)', 'matmul(x, transpose(W))'],
      ['F.linear(x, weight=W, bias=None)', 'matmul(x, transpose(W))'],
    ];
    for (const [source, expected] of cases) {
      const program = await parse(`r = ${source}\n`);
      assert.equal(show(assigned(program, 0)), expected, source);
    }
  });

  it('reads nn.Conv2d and nn.MaxPool2d arguments given by keyword, and a loss module', async () => {
    const text = [
      'conv = nn.Conv2d(in_channels=3, out_channels=16, kernel_size=5, stride=2, padding=1)',
      'pool = nn.MaxPool2d(2, stride=2)',
      'criterion = nn.CrossEntropyLoss()',
      'h = pool(conv(x))',
      'loss = criterion(h, y)',
    ].join('\n');
    assert.deepEqual(await lowered(text), [
      "h = max_pool2d(conv2d_layer(x, 3, 16, 5, stride=2, padding=1, name='conv'), 2, stride=2, layout='NCHW')",
      'loss = cross_entropy(h, y)',
    ]);
  });

  it('gives forward parameters without a shape a declaration with unknown dims', async () => {
    const text = 'class M(nn.Module):\n    def __init__(self):\n        self.fc = nn.Linear(4, 2)\n    def forward(self, x, y):\n        return self.fc(x)\n';
    const program = await parse(text);
    const decls = declarations(program);
    assert.deepEqual(
      decls.map((d) => [d.name, d.dims, d.source, d.role, slice(text, d.span)]),
      [
        ['x', null, 'parameter', 'input', 'x'],
        ['y', null, 'parameter', 'labels', 'y'],
      ],
    );
    const stmts = flatStmts(program.stmts);
    const ret = stmts[stmts.length - 1];
    assert.equal(ret.kind === 'expr' && ret.isReturn, true);
  });

  it("reads self.register_buffer('tril', t) as the module's own tensor self.tril", async () => {
    const text = "import torch\nself.register_buffer('tril', torch.tril(torch.ones(8, 8)))\nself.register_buffer(name, torch.ones(3))\n";
    assert.deepEqual(await lowered(text), ['self.tril = tril(ones((8, 8)))', 'self.register_buffer!(name, ones((3,)))']);
  });

  it('skips the body of `with torch.no_grad():` into the flow and drops effect calls', async () => {
    assert.deepEqual(await lowered('with torch.no_grad():\n    W -= lr * W.grad\n    W.grad.zero_()\nloss.backward()\noptimizer.step()\nprint(x)\n'), [
      'W -= mul(lr, W.grad)',
    ]);
  });
});
