import { strict as assert } from 'node:assert';
import { analyze } from '../../../../src/core/analyze';
import { deriveFromGraph } from '../../../../src/core/grad/from-graph';
import { F64_KERNELS } from '../../../../src/core/numeric/f64/kernels';
import { trace } from '../../../../src/core/ops/general/trace';
import { I } from '../../numeric/kernel-agreement';
import { TestGraph } from '../../numeric/graph';
import { checkOpModule } from '../module-agreement';

checkOpModule(trace, {
  cases: [
    { name: 'a square matrix', inputs: [I(3, 3)] },
    { name: 'a batch, NumPy’s default plane (the first two axes)', inputs: [I(3, 3, 2)] },
    { name: 'a batch over the last two axes, as TensorFlow', inputs: [I(2, 3, 3)], attrs: { axis1: -2, axis2: -1 } },
    { name: 'a batch, diagonal shifted down, axes swapped', inputs: [I(2, 4, 3)], attrs: { axis1: 2, axis2: 1, offset: -1 } },
  ],
  python: ['y = numpy.trace(X)', 'y = numpy.trace(X, offset=1)', 'y = torch.trace(X)', 'y = tensorflow.linalg.trace(X)', 'y = tensorflow.trace(X)', 'y = X.trace()'],
});

describe('trace: its values and shapes', () => {
  it('sums the chosen diagonal of each plane', () => {
    const run = (attrs: object) => F64_KERNELS.trace([{ shape: [2, 2, 2], data: Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8) }], { node: { attrs: { offset: 0, axis1: 0, axis2: 1, ...attrs } } } as never);
    // x[i, i, k]: k = 0 → 1 + 7, k = 1 → 2 + 8.
    assert.deepEqual([...run({}).data], [8, 10]);
    // x[b, i, i]: b = 0 → 1 + 4, b = 1 → 5 + 8.
    assert.deepEqual([...run({ axis1: -2, axis2: -1 }).data], [5, 13]);
    assert.deepEqual([...run({ axis1: 1, axis2: 2, offset: 1 }).data], [2, 6]);
  });

  it('keeps NumPy’s first-two-axes default and TensorFlow’s last two', async () => {
    const analysis = await analyze('import numpy as np\nimport tensorflow as tf\n# X: (N, N, B)\n# Y: (B, N, N)\nt = np.trace(X)\nu = tf.linalg.trace(Y)\nv = np.trace(Y, axis1=1, axis2=2)\n', { language: 'python' });
    assert.deepEqual(analysis.layers.find((l) => l.name === 't')?.shape, ['B']);
    assert.deepEqual(analysis.layers.find((l) => l.name === 'u')?.shape, ['B']);
    assert.deepEqual(analysis.layers.find((l) => l.name === 'v')?.shape, ['B']);
  });

  it('takes a shifted diagonal of a rectangular matrix, which Derive Gradient says it cannot write', () => {
    const x = { shape: [2, 3], data: Float64Array.of(1, 2, 3, 4, 5, 6) };
    const node = (offset: number) => ({ node: { attrs: { offset, axis1: 0, axis2: 1 } } }) as never;
    assert.deepEqual([...F64_KERNELS.trace([x], node(1)).data], [2 + 6]);
    assert.deepEqual([...F64_KERNELS.trace([x], node(-1)).data], [4]);
    const t = new TestGraph();
    const out = t.op('trace', [t.input('x0', [3, 4])], { offset: 1 }, 'F');
    t.op('sum', [out], {}, 'E');
    const result = deriveFromGraph(t.graph, 'E', 'x0');
    assert.ok(!result.ok && /off the main diagonal has no matrix form/.test(result.error), result.ok ? 'derived' : result.error);
  });

  it('says which axes do not fit, with the operand’s shape', async () => {
    const analysis = await analyze('import numpy as np\n# X: (N, 4)\nt = np.trace(X, axis1=0, axis2=2)\nv = np.trace(X[0])\n', { language: 'python' });
    const messages = analysis.problems.map((p) => p.message).join('; ');
    assert.match(messages, /trace: \(N, 4\): axis1=0 and axis2=2 must be axes of a tensor of 2 dimensions/);
    assert.match(messages, /trace needs a matrix \(or a batch of them\), got \(4,\)/);
  });
});
