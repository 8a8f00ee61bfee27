// The NumPy printer's code, run by python3 + NumPy, against NumPy finite differences of
// losses written by hand in Python (independent of Grad Lens's own evaluator).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { derive, type DeriveOptions } from '../../../src/core/grad/index';

const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;

interface Case {
  expr: string;
  wrt: string;
  shapes: DeriveOptions['shapes'];
  assume?: string[];
  /** Python: inputs as a dict `v` of NumPy arrays (vectors 1-D), `loss(v)` by hand. */
  python: string;
}

const SOFTMAX = 'def sm(Z):\n    E = np.exp(Z - Z.max(axis=1, keepdims=True))\n    return E / E.sum(axis=1, keepdims=True)\n';
const CASES: Case[] = [
  {
    expr: '-sum(Y .* log(softmax(C*B*A)))',
    wrt: 'C',
    shapes: { A: [6, 3], B: [5, 6], C: ['N', 5], Y: ['N', 3] },
    assume: ['Y is one-hot'],
    python: `${SOFTMAX}v = dict(A=r(6,3), B=r(5,6), C=r(4,5), Y=np.eye(3)[rng.integers(0,3,4)])\ndef loss(v): return -np.sum(v['Y'] * np.log(sm(v['C'] @ v['B'] @ v['A'])))`,
  },
  {
    expr: '-sum(Y .* log(softmax(C*B*A)))',
    wrt: 'B',
    shapes: { A: [6, 3], B: [5, 6], C: ['N', 5], Y: ['N', 3] },
    python: `${SOFTMAX}v = dict(A=r(6,3), B=r(5,6), C=r(4,5), Y=r(4,3))\ndef loss(v): return -np.sum(v['Y'] * np.log(sm(v['C'] @ v['B'] @ v['A'])))`,
  },
  { expr: "x'*B*x", wrt: 'x', shapes: { x: [4], B: [4, 4] }, python: `v = dict(x=r(4), B=r(4,4))\ndef loss(v): return v['x'] @ v['B'] @ v['x']` },
  {
    expr: '-sum(y .* log(sigmoid(X*w)) + (1 - y) .* log(1 - sigmoid(X*w)))',
    wrt: 'w',
    shapes: { X: ['N', 4], w: [4], y: ['N'] },
    python: `v = dict(X=r(5,4), w=r(4), y=rng.uniform(size=5))\ndef loss(v):\n    p = 1 / (1 + np.exp(-(v['X'] @ v['w'])))\n    return -np.sum(v['y'] * np.log(p) + (1 - v['y']) * np.log(1 - p))`,
  },
  {
    expr: "a'*inv(X)*b",
    wrt: 'X',
    shapes: { a: [4], X: [4, 4], b: [4] },
    python: `v = dict(a=r(4), X=np.eye(4) + 0.2 * r(4,4), b=r(4))\ndef loss(v): return v['a'] @ np.linalg.inv(v['X']) @ v['b']`,
  },
  {
    expr: '-sum(Y .* log(softmax(tanh(X*W1)*W2)))',
    wrt: 'W1',
    shapes: { X: ['N', 4], W1: [4, 5], W2: [5, 3], Y: ['N', 3] },
    assume: ['rows of Y sum to 1'],
    python: `${SOFTMAX}v = dict(X=r(6,4), W1=r(4,5), W2=r(5,3), Y=np.eye(3)[rng.integers(0,3,6)])\ndef loss(v): return -np.sum(v['Y'] * np.log(sm(np.tanh(v['X'] @ v['W1']) @ v['W2'])))`,
  },
  { expr: 'mean(X*w)', wrt: 'w', shapes: { X: ['N', 3], w: [3] }, python: `v = dict(X=r(7,3), w=r(3))\ndef loss(v): return np.mean(v['X'] @ v['w'])` },
  { expr: 'log(det(X))', wrt: 'X', shapes: { X: [3, 3] }, python: `v = dict(X=np.eye(3) + 0.2 * r(3,3))\ndef loss(v): return np.log(np.linalg.det(v['X']))` },
];

const HARNESS = `
import json, sys
import numpy as np
rng = np.random.default_rng(5)
def r(*s): return rng.standard_normal(s)
ns = {}
exec(sys.stdin.read(), ns)
gradient = ns['gradient']
CASE
wrt = WRT
g = gradient(**v)
x = v[wrt].astype(float)
fd = np.zeros_like(x)
h = 1e-6
for i in np.ndindex(x.shape):
    xp = x.copy(); xp[i] += h
    xm = x.copy(); xm[i] -= h
    fd[i] = (loss({**v, wrt: xp}) - loss({**v, wrt: xm})) / (2 * h)
print(json.dumps({"shape": list(np.shape(g)), "want": list(x.shape), "err": float(np.max(np.abs(g - fd)) / max(np.max(np.abs(fd)), 1e-300))}))
`;

describe('grad: the NumPy printer', function () {
  this.timeout(60_000);
  before(function () {
    // Skipped, with this note, where python3 has no NumPy.
    if (!hasNumpy) this.skip();
  });
  for (const c of CASES) {
    it(`d/d${c.wrt} of ${c.expr}: runs, has the variable's shape, matches finite differences`, () => {
      const r = derive(c.expr, { wrt: c.wrt, shapes: c.shapes, assume: c.assume });
      assert.ok(r.ok, r.ok ? '' : r.error);
      assert.match(r.gradient.numpy, new RegExp(`def gradient\\(${Object.keys(c.shapes).map(() => '\\w+').join(', ')}\\)`));
      assert.doesNotMatch(r.gradient.numpy, /^(import|from) (?!numpy)/m);
      const script = HARNESS.replace('CASE', c.python).replace('WRT', JSON.stringify(c.wrt));
      const run = spawnSync('python3', ['-c', script], { input: r.gradient.numpy, encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      const out = JSON.parse(run.stdout) as { shape: number[]; want: number[]; err: number };
      assert.deepEqual(out.shape, out.want);
      assert.ok(out.err < 1e-6, `relative error ${out.err}`);
    });
  }
});
