import { strict as assert } from 'node:assert';
import { declarations, lowered, loweredFlat, parse, show, slice } from './helpers';

describe('python front end: shapes from comments and annotations', () => {
  it('declares a name from a comment on its own line, before the statements that follow', async () => {
    const text = '# C: (N, 1568)\nZ = C @ B\n';
    const program = await parse(text);
    assert.deepEqual(await lowered(text), ['declare C(N, 1568) input comment', 'Z = matmul(C, B)']);
    const [decl] = declarations(program);
    assert.equal(slice(text, decl.span), 'C: (N, 1568)');
    assert.equal(decl.dims![0].kind, 'name');
    assert.equal(slice(text, decl.dims![0].span), 'N');
    assert.equal(decl.dims![1].kind, 'num');
    assert.equal(slice(text, decl.dims![1].span), '1568');
  });

  it('emits a trailing comment after its statement, as an assertion on the result', async () => {
    assert.deepEqual(await lowered('h = X @ W1  # h: (N, H)\nz = h @ W2  # (N, K)\n'), [
      'h = matmul(X, W1)',
      'declare h(N, H) input comment',
      'z = matmul(h, W2)',
      'declare z(N, K) input comment',
    ]);
  });

  it('reads unknown dims, products, sums, several declarations and brackets; ignores prose', async () => {
    const text = [
      '# x: (?, 7*7*32), y: (None,)',
      '# W: [D, 2*H + 1]',
      '# s: ()',
      '# images in the batch (the seed\'s "?")',
      '# Note: (see the paper)',
      '# backward',
      '# grads["W1"]: (D, H)',
    ].join('\n');
    const program = await parse(text);
    assert.deepEqual(
      declarations(program).map((d) => `${d.name} ${d.role} (${d.dims!.map(show).join(', ')})`),
      [
        'x input (None, mul(mul(7, 7), 32))',
        'y labels (None)',
        'W param (D, add(mul(2, H), 1))',
        's input ()',
        "grads['W1'] input (D, H)",
      ],
    );
    const x = declarations(program)[0];
    assert.equal(slice(text, x.dims![1].span), '7*7*32');
    const product = x.dims![1];
    if (product.kind !== 'call') throw new Error('expected a product');
    assert.equal(slice(text, product.args[1].span), '32');
  });

  it('reads jaxtyping annotations on parameters and on annotated assignments', async () => {
    const text = [
      'def layer(x: Float[Array, "N 1568"], W: Float[torch.Tensor, "1568 1024"], y: Int[Array, "N"], k: int):',
      '    h: Float[Array, "N 1024"] = x @ W',
      '    s: Float[Array, "N _"]',
      '    return h',
    ].join('\n');
    const program = await parse(text);
    assert.deepEqual(await lowered(text), [
      'def layer(x, W, y, k):',
      '  declare x(N, 1568) input annotation',
      '  declare W(1568, 1024) param annotation',
      '  declare y(N) labels annotation',
      '  declare k input parameter',
      '  h = matmul(x, W)',
      '  declare h(N, 1024) input annotation',
      '  declare s(N, None) input annotation',
      '  return h',
    ]);
    const [x] = declarations(program);
    assert.equal(slice(text, x.span), 'x: Float[Array, "N 1568"]');
    assert.equal(slice(text, x.dims![0].span), 'N');
    assert.equal(slice(text, x.dims![1].span), '1568');
  });

  it('declares a parameter by a comment at the top of its function instead of with unknown dims', async () => {
    const text = 'def forward(X, W1):\n    # X: (N, 784)\n    return X @ W1\n';
    assert.deepEqual(await lowered(text), ['def forward(X, W1):', '  declare W1 param parameter', '  declare X(N, 784) input comment', '  return matmul(X, W1)']);
  });

  it('reads *batch as one axis named batch when declaring, and leaves ... alone rather than guessing', async () => {
    assert.deepEqual(await loweredFlat('def f(x: Float[Array, "*batch 3"]):\n    return x\n'), ['declare x(batch, 3) input annotation', 'return x']);
    assert.equal(declarations(await parse('def f(x: Float[Array, "*batch 3"]):\n    return x\n'))[0].variadic, 0);
    assert.deepEqual(await loweredFlat('def f(x: Float[Array, "... 3"]):\n    return x\n'), ['declare x input parameter', 'return x']);
  });

  it('reads an einops-style group "(h d)" as one axis of size h·d', async () => {
    const text = 'def f(x: Float[Tensor, "b t (h d)"]):\n    return x\n';
    const [x] = declarations(await parse(text));
    assert.equal(x.dims!.length, 3);
    assert.equal(x.dims![2].kind, 'call');
    assert.equal(slice(text, x.dims![2].span), 'h d');
  });

  it('reads torch.Size comments as PyTorch prints shapes', async () => {
    assert.deepEqual(await lowered('h = x @ W  # torch.Size([N, 10])\n'), ['h = matmul(x, W)', 'declare h(N, 10) input comment']);
    assert.deepEqual(await lowered('# x: torch.Size([32, 784])\n'), ['declare x(32, 784) input comment']);
  });

  it('reads assert x.shape == (N, D) as a declaration, with a tuple, a list or torch.Size on either side', async () => {
    assert.deepEqual(await lowered('assert x.shape == (N, D)\n'), ['declare x(N, D) input assert']);
    assert.deepEqual(await lowered('assert [N, 3] == x.shape\n'), ['declare x(N, 3) input assert']);
    assert.deepEqual(await lowered('assert self.h.shape == torch.Size([B, 4])\n'), ['declare self.h(B, 4) input assert']);
    assert.deepEqual(await lowered('assert x.shape != (N, D)\nassert len(x) == 3\n'), []);
  });
});
