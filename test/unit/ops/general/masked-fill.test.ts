import { strict as assert } from 'node:assert';
import { analyze } from '../../../../src/core/analyze';
import { checkGradients } from '../../../../src/core/check/index';
import { F64_KERNELS } from '../../../../src/core/numeric/f64/kernels';
import { maskedFill } from '../../../../src/core/ops/general/masked-fill';
import { I, mask } from '../../numeric/kernel-agreement';
import { checkOpModule, deriveFromPython, derivedFromPython } from '../module-agreement';

checkOpModule(maskedFill, {
  cases: [
    { name: 'a mask of the same shape', inputs: [I(3, 4), mask(3, 4)], attrs: { value: -2 } },
    { name: 'a row mask broadcast down the rows', inputs: [I(3, 4), mask(4)], attrs: { value: 1.5 } },
    { name: 'a square mask broadcast over a batch', inputs: [I(2, 3, 3), mask(3, 3)], attrs: { value: 0.5 } },
  ],
  python: ['y = X.masked_fill(X > 0, 0.0)', "y = torch.masked_fill(X, torch.tril(torch.ones(3, 4)) == 0, float('-inf'))"],
});

describe('masked_fill: its values', () => {
  it('writes the value where the mask is true, -inf included', () => {
    const out = F64_KERNELS.masked_fill([{ shape: [2, 2], data: Float64Array.of(1, 2, 3, 4) }, { shape: [2], data: Float64Array.of(0, 1) }], { node: { attrs: { value: -Infinity } } } as never);
    assert.deepEqual([...out.data], [1, -Infinity, 3, -Infinity]);
  });
});

describe('masked_fill: shapes', () => {
  it('keeps the tensor’s shape, and names both shapes when the mask would stretch it', async () => {
    const ok = await analyze("import torch\n# att: (B, T, T)\nm = torch.tril(torch.ones(T, T))\ny = att.masked_fill(m == 0, float('-inf'))\n", { language: 'python' });
    assert.deepEqual(ok.layers.find((l) => l.name === 'y')?.shape, ['B', 'T', 'T']);
    const bad = await analyze('import torch\n# att: (T, T)\n# m: (B, T, T)\ny = att.masked_fill(m > 0, 0.0)\n', { language: 'python' });
    const message = bad.problems.find((p) => p.severity === 'error')?.message ?? '';
    assert.match(message, /mask \(B, T, T\) would stretch the tensor \(T, T\)/);
  });
});

describe('masked_fill: the causal attention idiom', () => {
  // The -inf entries of each row become zeros of the softmax; their gradient is 0, not NaN.
  const source = (grad: string) => `import torch
import torch.nn.functional as F

T, D = 4, 3
q = torch.randn(T, D)
k = torch.randn(T, D)
tril = torch.tril(torch.ones(T, T))
att = q @ k.T
att = att.masked_fill(tril[:T, :T] == 0, float('-inf'))
p = F.softmax(att, dim=-1)
w = torch.randn(T, T)
loss = (p * w).sum()
g = w - (p * w).sum(dim=-1, keepdim=True)
datt = p * g
dq = ${grad}
`;

  it('a hand-written gradient through the mask is correct, and one that ignores the softmax is wrong', async () => {
    const right = await checkGradients(source('datt @ k'), { language: 'python', seed: 1 });
    assert.deepEqual(right.gradients.map((g) => `${g.name}: ${g.verdict}`), ['datt: correct', 'dq: correct'], right.gradients.map((g) => g.message).join('; '));
    const wrong = await checkGradients(source('w @ k'), { language: 'python', seed: 1 });
    assert.deepEqual(wrong.gradients.map((g) => `${g.name}: ${g.verdict}`), ['datt: correct', 'dq: wrong']);
  });
});

describe('masked_fill: Derive Gradient', () => {
  const code = (line: string) => `import torch\nX = torch.randn(4, 3)\nW = torch.randn(3, 5)\nZ = X @ W\nmask = Z > 1\n${line}\nE = (Y ** 2).sum()\n`;

  it('reads Y = Z ⊙ (1 − M) + value·M with the mask as data, so dZ = dY ⊙ (1 − M)', async () => {
    const r = await derivedFromPython(code('Y = Z.masked_fill(mask, 0.0)'), 'W');
    assert.deepEqual([r.gradient.text, r.gradient.latex], ['2·Xᵀ·((X·W) ⊙ (1 − mask))', '2\\,X^{\\top} \\left(\\left(X W\\right) \\odot \\left(1 - \\mathrm{mask}\\right)\\right)']);
    assert.deepEqual(r.assumptions, ['mask is a 0/1 mask']);
    const filled = await derivedFromPython(code('Y = Z.masked_fill(mask, 2.5)'), 'Z');
    assert.equal(filled.steps[0].text, 'E = ‖Z ⊙ (1 − mask) + 2.5·mask‖²');
  });

  it('refuses a fill of −∞, which a blend with the mask cannot write', async () => {
    const r = await deriveFromPython(code("Y = Z.masked_fill(mask, float('-inf'))"), 'W');
    assert.ok(!r.ok && /masked_fill with the fill -Infinity/.test(r.error), r.ok ? 'derived' : r.error);
  });
});
