import { strict as assert } from 'node:assert';
import { blankMagics } from '../../../../src/core/frontends/notebook/magics';

describe('notebook front end: IPython magics', () => {
  it('blanks line magics, shell escapes and help lines in place, keeping offsets and line breaks', () => {
    const text = '%matplotlib inline\n!pip install numpy\nfiles = !ls\nt = %time f(x)\nnp.dot?\nx = a % b\ny = a != b\n';
    const out = blankMagics(text);
    assert.equal(out.length, text.length);
    assert.deepEqual(out.split('\n'), ['...               ', '...               ', '...        ', '...           ', '...    ', 'x = a % b', 'y = a != b', '']);
  });

  it('keeps a block valid when a magic was its only statement', () => {
    assert.equal(blankMagics('for i in range(3):\n    %time f(i)\n'), 'for i in range(3):\n    ...       \n');
  });

  it('keeps the Python body of %%time and %%timeit, and blanks a %%bash cell whole', () => {
    assert.equal(blankMagics('%%time\nh = X @ W\n'), '...   \nh = X @ W\n');
    assert.equal(blankMagics('%%timeit -n 3\nh = X @ W'), '...          \nh = X @ W');
    assert.equal(blankMagics('%%bash\necho $HOME\nls -l\n'), '      \n          \n     \n');
  });

  it('leaves a cell without magics as it is', () => {
    const text = 'h = X @ W1  # 100% plain Python\n';
    assert.equal(blankMagics(text), text);
  });
});
