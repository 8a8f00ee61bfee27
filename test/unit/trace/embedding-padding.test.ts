// nn.Embedding(V, D, padding_idx=p): the rows of padding ids read as zeros and the padding row
// of the table gets no gradient, in the float64 kernels (finite differences) and in autodiff.
import { strict as assert } from 'node:assert';
import { analyze } from '../../../src/core/analyze';
import { LossFunction } from '../../../src/core/check/reference';
import { NumericEnv } from '../../../src/core/numeric/env';
import { F64Evaluator } from '../../../src/core/numeric/f64/evaluate';
import { fdCheck } from '../../../src/core/numeric/fd';
import { leafValues } from '../../../src/core/numeric/leaves';
import { Rng } from '../../../src/core/numeric/prng';
import type { F64Tensor } from '../../../src/core/numeric/tensor';
import { autodiff } from '../../../src/core/numeric/tfjs/autodiff';
import { loadTf } from '../../../src/core/numeric/tfjs/load';

const IDS = [0, 3, 1, 0, 5, 2, 0, 4];
const source = (padding: string) =>
  `import torch\nimport torch.nn as nn\nemb = nn.Embedding(6, 3${padding})\nids = torch.tensor([${IDS.join(', ')}])\nw = torch.randn(8, 3)\ne = emb(ids)\nloss = (e * w).sum()\n`;

async function run(padding: string) {
  const a = await analyze(source(padding), { language: 'python' });
  assert.deepEqual(a.problems.filter((p) => p.severity !== 'info').map((p) => p.message), []);
  const id = (n: string) => a.graph.names.get(n) as number;
  const env = new NumericEnv();
  const leaves = leafValues(a.graph, env, a.graph.nodes.filter((n) => n.inputs.length === 0).map((n) => n.id), 5);
  const f64 = new F64Evaluator(a.graph, env, leaves);
  const e = f64.run([id('e')]).values.get(id('e')) as F64Tensor;
  const table = id('emb.weight');
  const ad = autodiff(await loadTf(), a.graph, env, leaves, id('loss'), [table]);
  const grad = ad.grads.get(table) as F64Tensor;
  const fn = new LossFunction(f64, id('loss'));
  const fd = fdCheck(fn.probe, [{ node: table, value: fn.base.get(table) as F64Tensor, grad }], { rng: new Rng(7), precision: 'float32', directions: 2, samples: 6 });
  const row = (t: F64Tensor, r: number) => [...t.data.slice(r * 3, r * 3 + 3)];
  return { e, grad, fd, row };
}

describe('trace: nn.Embedding with padding_idx', () => {
  it('reads padding ids as zero rows and sends no gradient to the padding row; finite differences agree', async () => {
    const { e, grad, fd, row } = await run(', padding_idx=0');
    IDS.forEach((v, n) => assert.equal(row(e, n).every((x) => x === 0), v === 0, `row ${n} (id ${v}): ${row(e, n)}`));
    assert.deepEqual(row(grad, 0), [0, 0, 0]);
    for (const r of [1, 2, 3, 4, 5]) assert.ok(row(grad, r).some((g) => g !== 0), `row ${r} of the gradient is zero`);
    assert.ok(fd.ok, JSON.stringify(fd.worst));
  });

  it('counts a negative padding_idx from the end of the table', async () => {
    const { grad, row } = await run(', padding_idx=-1');
    assert.deepEqual(row(grad, 5), [0, 0, 0]);
    assert.ok(row(grad, 0).some((g) => g !== 0));
  });

  it('without padding_idx, the row of id 0 gets its gradient like any other', async () => {
    const { grad, fd, row } = await run('');
    assert.ok(row(grad, 0).some((g) => g !== 0));
    assert.ok(fd.ok, JSON.stringify(fd.worst));
  });
});
