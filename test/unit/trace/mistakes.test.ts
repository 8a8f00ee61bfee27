import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/core/analyze';
import type { Language } from '../../../src/core/ir/program';

/**
 * The shape mistakes people actually make, each next to its corrected form. A mistake
 * must give its problem on the right line, naming the right things; the correction must
 * give no error at all.
 */
interface Case {
  name: string;
  language?: Language;
  wrong: string;
  right: string;
  code: string;
  line: number;
  message: RegExp;
  severity?: 'error' | 'warning';
}

const CASES: Case[] = [
  {
    name: 'a flattened conv output fed to a Linear of the wrong size',
    wrong: readFileSync(join(__dirname, '../../../examples/mnist_torch.py'), 'utf8').replace('nn.Linear(9216, 128)', 'nn.Linear(9215, 128)'),
    right: readFileSync(join(__dirname, '../../../examples/mnist_torch.py'), 'utf8'),
    code: 'linear-input-mismatch',
    line: 23,
    message: /fc1 expects 9215 input features.*\(N, 9216\).*64·12·12 = 9216/,
  },
  {
    name: 'a weight stored (out, in) used without its transpose',
    wrong: 'import numpy as np\nN = 8\nC = np.random.randn(N, 1568)\nB = np.random.randn(1024, 1568)\nZ = C @ B\n',
    right: 'import numpy as np\nN = 8\nC = np.random.randn(N, 1568)\nB = np.random.randn(1024, 1568)\nZ = C @ B.T\n',
    code: 'shape-mismatch',
    line: 5,
    message: /matmul: inner dimensions differ \(1568 vs 1024\) — C is \(8, 1568\) \(line 3\), B is \(1024, 1568\) \(line 4\)/,
  },
  {
    name: 'a row sum without keepdims dividing a matrix',
    wrong: 'import numpy as np\nZ = np.random.randn(8, 10)\nS = np.exp(Z) / np.exp(Z).sum(axis=1)\n',
    right: 'import numpy as np\nZ = np.random.randn(8, 10)\nS = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)\n',
    code: 'shape-mismatch',
    line: 3,
    message: /\/: shapes do not broadcast — axis 1 has 10 against 8/,
  },
  {
    name: 'a view(-1, 320) that silently changes the batch',
    wrong: 'import torch\n# x: (N, 20, 8, 8)\ny = x.view(-1, 320)\n',
    right: 'import torch\n# x: (N, 20, 8, 8)\ny = x.view(-1, 1280)\n',
    code: 'batch-changed',
    line: 3,
    message: /the -1 becomes 4·N, not the batch size N/,
    severity: 'warning',
  },
  {
    name: '7*7*64 used on a (N, 7, 7, 32) tensor',
    wrong: 'import tensorflow as tf\nh_pool2 = tf.placeholder(tf.float32, [None, 7, 7, 32])\nflat = tf.reshape(h_pool2, [-1, 7 * 7 * 64])\n',
    right: 'import tensorflow as tf\nh_pool2 = tf.placeholder(tf.float32, [None, 7, 7, 32])\nflat = tf.reshape(h_pool2, [-1, 7 * 7 * 32])\n',
    code: 'reshape-size',
    line: 3,
    message: /not a multiple of 3136/,
  },
  {
    name: 'a bias sized for the input instead of the output',
    wrong: 'import numpy as np\nX = np.random.randn(8, 20)\nW1 = np.random.randn(20, 16)\nb1 = np.zeros(20)\nh = X @ W1 + b1\n',
    right: 'import numpy as np\nX = np.random.randn(8, 20)\nW1 = np.random.randn(20, 16)\nb1 = np.zeros(16)\nh = X @ W1 + b1\n',
    code: 'shape-mismatch',
    line: 5,
    message: /\+: shapes do not broadcast — axis 1 has 16 against 20.*b1 is \(20,\) \(line 4\)/,
  },
  {
    name: 'a conv expecting colour images fed greyscale ones',
    wrong: 'import torch.nn as nn\nconv = nn.Conv2d(3, 32, 3)\n# x: (N, 1, 28, 28)\ny = conv(x)\n',
    right: 'import torch.nn as nn\nconv = nn.Conv2d(1, 32, 3)\n# x: (N, 1, 28, 28)\ny = conv(x)\n',
    code: 'linear-input-mismatch',
    line: 4,
    message: /expects 3 input channels/,
  },
  {
    name: 'labels for another batch size',
    wrong: 'import torch\nimport torch.nn.functional as F\nlogits = torch.randn(8, 10)\ny = torch.randint(0, 10, (16,))\nloss = F.cross_entropy(logits, y)\n',
    right: 'import torch\nimport torch.nn.functional as F\nlogits = torch.randn(8, 10)\ny = torch.randint(0, 10, (8,))\nloss = F.cross_entropy(logits, y)\n',
    code: 'shape-mismatch',
    line: 5,
    message: /batch sizes differ \(8 vs 16\)/,
  },
  {
    name: 'a fully connected weight sized for the wrong flattened features',
    wrong: 'import tensorflow as tf\nh = tf.placeholder(tf.float32, [None, 1568])\nW_fc1 = tf.Variable(tf.truncated_normal([7 * 7 * 64, 1024], stddev=0.1))\nh_fc1 = tf.matmul(h, W_fc1)\n',
    right: 'import tensorflow as tf\nh = tf.placeholder(tf.float32, [None, 1568])\nW_fc1 = tf.Variable(tf.truncated_normal([7 * 7 * 32, 1024], stddev=0.1))\nh_fc1 = tf.matmul(h, W_fc1)\n',
    code: 'shape-mismatch',
    line: 4,
    message: /matmul: inner dimensions differ \(1568 vs 3136\) — h is \(\?, 1568\) \(line 2\), W_fc1 is \(3136, 1024\) \(line 3\)/,
  },
  {
    name: 'a (N, 1) prediction minus (N,) targets',
    wrong: 'import numpy as np\nX = np.random.randn(32, 5)\nw = np.random.randn(5, 1)\ny = np.random.randn(32)\nerr = X @ w - y\n',
    right: 'import numpy as np\nX = np.random.randn(32, 5)\nw = np.random.randn(5)\ny = np.random.randn(32)\nerr = X @ w - y\n',
    code: 'suspicious-broadcast',
    line: 5,
    message: /\(32, 1\) and \(32,\) broadcast to \(32, 32\)/,
    severity: 'warning',
  },
  {
    name: 'a vector multiplied by a weight stored (out, in)',
    wrong: 'import numpy as np\nx = np.random.randn(784)\nW = np.random.randn(10, 784)\ny = x @ W\n',
    right: 'import numpy as np\nx = np.random.randn(784)\nW = np.random.randn(10, 784)\ny = W @ x\n',
    code: 'shape-mismatch',
    line: 4,
    message: /inner dimensions differ \(784 vs 10\)/,
  },
  {
    name: 'a pooling window larger than what is left of the image',
    wrong: 'import torch\nimport torch.nn.functional as F\nx = torch.randn(8, 16, 3, 3)\ny = F.max_pool2d(x, 4)\n',
    right: 'import torch\nimport torch.nn.functional as F\nx = torch.randn(8, 16, 4, 4)\ny = F.max_pool2d(x, 4)\n',
    code: 'shape-mismatch',
    line: 4,
    message: /4×4 window is larger than the 3×3 input/,
  },
  {
    name: 'a batch size that disagrees with its declaration',
    wrong: 'import numpy as np\nX = np.random.randn(64, 784)  # X: (N, 784)\ny = np.random.randint(0, 10, 32)  # y: (N,)\n',
    right: 'import numpy as np\nX = np.random.randn(64, 784)  # X: (N, 784)\ny = np.random.randint(0, 10, 64)  # y: (N,)\n',
    code: 'symbol-conflict',
    line: 3,
    message: /N is 64.*but y makes it 32/,
  },
  {
    name: 'the seed chain in math notation with B stored the other way round',
    language: 'math',
    wrong: 'A: 1024 x 10\nB: 1024 x 1568\nC: ? x 1568\nX = softmax(C*B*A)\n',
    right: 'A: 1024 x 10\nB: 1568 x 1024\nC: ? x 1568\nX = softmax(C*B*A)\n',
    code: 'shape-mismatch',
    line: 4,
    message: /matmul: inner dimensions differ \(1568 vs 1024\)/,
  },
];

describe('shape mistakes people make', () => {
  for (const c of CASES) {
    describe(c.name, () => {
      it('is reported on its line, naming what does not fit', async () => {
        const a = await analyze(c.wrong, { language: c.language ?? 'python' });
        const found = a.problems.filter((p) => p.code === c.code);
        assert.equal(found.length, 1, `expected one ${c.code}, got: ${a.problems.map((p) => `${p.code}: ${p.message}`).join(' | ')}`);
        const p = found[0];
        assert.equal(a.lines.lineOf(p.span.start), c.line);
        assert.equal(p.severity, c.severity ?? 'error');
        assert.match(p.message, c.message);
      });

      it('has a corrected form with no error and no warning about shapes', async () => {
        const a = await analyze(c.right, { language: c.language ?? 'python' });
        const bad = a.problems.filter((p) => p.severity !== 'info');
        assert.deepEqual(bad.map((p) => `${p.code}: ${p.message}`), []);
      });
    });
  }
});
