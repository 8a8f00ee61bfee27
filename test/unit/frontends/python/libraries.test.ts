import { strict as assert } from 'node:assert';
import { analyze } from '../../../../src/core/analyze';
import type { Analysis } from '../../../../src/core/analysis';
import { NumericEnv } from '../../../../src/core/numeric/env';
import { F64Evaluator } from '../../../../src/core/numeric/f64/evaluate';
import { leafValues } from '../../../../src/core/numeric/leaves';
import type { F64Tensor } from '../../../../src/core/numeric/tensor';
import type { Program } from '../../../../src/core/ir/program';
import { parse, show } from './helpers';

/** Methods read as the receiver's library defines them: NumPy's `a.repeat` repeats entries, PyTorch's `t.repeat` tiles. */
const py = (text: string) => analyze(text, { language: 'python' });

function node(a: Analysis, name: string) {
  const id = a.graph.names.get(name);
  assert.ok(id !== undefined, `no node ${name}`);
  return a.graph.nodes[id];
}

function valueOf(a: Analysis, name: string): number[] {
  const env = new NumericEnv();
  const leaves = a.graph.nodes.filter((n) => n.inputs.length === 0).map((n) => n.id);
  const id = node(a, name).id;
  return [...(new F64Evaluator(a.graph, env, leafValues(a.graph, env, leaves)).run([id]).values.get(id) as F64Tensor).data];
}

const ROWS = '[[1., 2., 3.], [4., 5., 6.]]';
/** Each row twice in a row (np.repeat along axis 0), and the whole block twice (a tile). */
const EACH_ROW_TWICE = [1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6];
const BLOCK_TWICE = [1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6];

/** What the first function of a program returns, as helpers.ts shows it. */
function returned(p: Program): string {
  const def = p.stmts.find((s) => s.kind === 'def');
  const r = def?.kind === 'def' ? def.body.find((s) => s.kind === 'expr' && s.isReturn) : undefined;
  return r?.kind === 'expr' ? show(r.value) : '';
}

const warnings = (a: Analysis) => a.problems.filter((p) => p.severity !== 'info').map((p) => p.message);
const ambiguities = (a: Analysis) => a.problems.filter((p) => p.code === 'ambiguous-method');

describe('python front end: methods by the library of their receiver', () => {
  it("NumPy's a.repeat(2, axis=0) repeats each row in place; PyTorch's t.repeat(2, 1) tiles the block", async () => {
    const a = await py(`import numpy as np\nimport torch\na = np.array(${ROWS})\nb = a.repeat(2, axis=0)\nt = torch.tensor(${ROWS})\nu = t.repeat(2, 1)\n`);
    assert.deepEqual(warnings(a), []);
    assert.deepEqual(ambiguities(a), []);
    assert.equal(node(a, 'b').op, 'repeat');
    assert.deepEqual(node(a, 'b').shape, [4, 3]);
    assert.deepEqual(valueOf(a, 'b'), EACH_ROW_TWICE);
    assert.equal(node(a, 'u').op, 'tile');
    assert.deepEqual(node(a, 'u').shape, [4, 3]);
    assert.deepEqual(valueOf(a, 'u'), BLOCK_TWICE);
  });

  it("NumPy's a.repeat(k) without an axis repeats each entry of a flattened", async () => {
    const a = await py(`import numpy as np\na = np.array(${ROWS})\nb = a.repeat(2)\n`);
    assert.deepEqual(node(a, 'b').shape, [12]);
    assert.deepEqual(valueOf(a, 'b'), [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]);
  });

  it('follows the array through names, methods, operators, indexing and .numpy()', async () => {
    const text = `import numpy as np\nimport torch\na = np.array(${ROWS})\nc = (a.T * 2)[0:2]\nb = c.repeat(2, 1)\nt = torch.tensor(${ROWS})\nn = t.detach().numpy()\nm = n.repeat(2, 1)\nk = (t + 1).repeat(2, 1)\n`;
    const a = await py(text);
    assert.deepEqual(ambiguities(a), []);
    assert.equal(node(a, 'b').op, 'repeat');
    assert.deepEqual(node(a, 'b').shape, [2, 4]);
    assert.equal(node(a, 'm').op, 'repeat');
    assert.equal(node(a, 'k').op, 'tile');
  });

  it('reads an annotated parameter as its annotation says', async () => {
    const p = await parse('import numpy as np\nimport torch\ndef f(x: np.ndarray, y: torch.Tensor, z):\n    return x.repeat(2, 1), y.repeat(2, 1)\n');
    assert.equal(returned(p), '(repeat(x, repeats=2, axis=1), tile(y, (2, 1)))');
  });

  it("takes the library the file imports when the receiver's is not said", async () => {
    const numpy = await parse('import numpy as np\ndef f(x):\n    return x.repeat(3)\n');
    const torch = await parse('import torch\ndef f(x):\n    return x.repeat(3)\n');
    assert.equal(returned(numpy), 'repeat(x, repeats=3)');
    assert.equal(returned(torch), 'tile(x, (3,))');
    assert.deepEqual([...numpy.problems, ...torch.problems], []);
  });

  it("with both imported and the receiver unknown, the arguments decide; failing that it says which it chose", async () => {
    const p = await parse('import numpy as np\nimport torch\ndef f(x):\n    return x.repeat(2, axis=0), x.repeat(2, 1, 3), x.repeat(2, 1)\n');
    assert.equal(returned(p), '(repeat(x, repeats=2, axis=0), tile(x, (2, 1, 3)), tile(x, (2, 1)))');
    const infos = p.problems.filter((q) => q.code === 'ambiguous-method');
    assert.equal(infos.length, 1);
    assert.equal(infos[0].severity, 'info');
    assert.match(infos[0].message, /read as PyTorch's, which is `tile`; NumPy's is `repeat`/);
  });
});

describe('python front end: .flatten() and .ravel()', () => {
  const SHAPE = '(2, 3, 4)';
  it('NumPy: flatten and ravel give every entry in row-major order', async () => {
    const a = await py(`import numpy as np\na = np.array(${ROWS})\nb = np.zeros(${SHAPE})\nf = a.flatten()\nr = a.ravel()\ng = b.flatten()\ns = b.ravel()\n`);
    assert.deepEqual(warnings(a), []);
    assert.deepEqual(valueOf(a, 'f'), [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(valueOf(a, 'r'), [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(node(a, 'g').shape, [24]);
    assert.deepEqual(node(a, 's').shape, [24]);
  });

  it('PyTorch: flatten(), flatten(1), flatten(start_dim=1), flatten(0, 1), ravel()', async () => {
    const a = await py(`import torch\nt = torch.zeros${SHAPE}\na = t.flatten()\nb = t.flatten(1)\nc = t.flatten(start_dim=1)\nd = t.flatten(0, 1)\ne = t.ravel()\n`);
    assert.deepEqual(warnings(a), []);
    const shapes = Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map((n) => [n, node(a, n).shape]));
    assert.deepEqual(shapes, { a: [24], b: [2, 12], c: [2, 12], d: [6, 4], e: [24] });
  });
});
