import { strict as assert } from 'node:assert';
import { analyze } from '../../../src/core/analyze';
import { checkGradients } from '../../../src/core/check/index';

const py = (text: string) => analyze(text, { language: 'python' });
const shapes = (a: Awaited<ReturnType<typeof py>>) => Object.fromEntries(a.layers.map((l) => [l.name, l.shape]));

/** The Python values around the tensors: configuration dicts and the `math` module's functions. */
describe('trace: dicts and math functions', () => {
  it('reads a configuration dict handed to a function, entry by entry', async () => {
    const a = await py(
      [
        'import numpy as np',
        'def pool_forward(x, pool_param):',
        "    ph, pw = pool_param['height'], pool_param['width']",
        "    s = pool_param['stride']",
        '    N, C, H, W = x.shape',
        '    out = np.zeros((N, C, 1 + (H - ph) // s, 1 + (W - pw) // s))',
        '    return out',
        'x = np.random.randn(2, 3, 8, 6)',
        "out = pool_forward(x, {'height': 2, 'width': 2, 'stride': 2})",
        '',
      ].join('\n'),
    );
    assert.deepEqual(a.problems, []);
    assert.deepEqual(shapes(a).out, [2, 3, 4, 3]);
  });

  it('lets an entry assigned later take the place of the literal one', async () => {
    const a = await py(["import numpy as np", "p = {'n': 3}", "p['n'] = 5", "x = np.zeros((p['n'], 2))", ''].join('\n'));
    assert.deepEqual(shapes(a).x, [5, 2]);
  });

  it('reports a key the dict does not have, where it is read, as Python would', async () => {
    const a = await py(["import numpy as np", "p = {'n': 3}", "x = np.zeros((p['m'], 2))", ''].join('\n'));
    assert.equal(a.problems.length, 1);
    assert.match(a.problems[0].message, /`p` has no key 'm' \(its keys: 'n'\)/);
    assert.equal(a.problems[0].severity, 'error');
  });

  it('reads math.sqrt of a size, so a scaled product and its hand-written gradient are checked', async () => {
    const text = (dW: string) =>
      [
        'import math',
        'import numpy as np',
        'rng = np.random.default_rng(0)',
        'x = rng.normal(size=(4, 3))',
        'W = rng.normal(size=(3, 2))',
        'D = x.shape[1]',
        's = x @ W / math.sqrt(D)',
        'loss = np.sum(s ** 2) * math.exp(0.5)',
        `dW = ${dW}`,
        '',
      ].join('\n');
    const right = await checkGradients(text('x.T @ (2 * s) * math.exp(0.5) / math.sqrt(D)'), { language: 'python' });
    assert.deepEqual(right.gradients.map((g) => `${g.name}:${g.verdict}`), ['dW:correct']);
    const unscaled = await checkGradients(text('x.T @ (2 * s) * math.exp(0.5)'), { language: 'python' });
    assert.equal(unscaled.gradients[0].verdict, 'wrong');
    assert.match(unscaled.gradients[0].message, /scal|factor/i);
  });
});
