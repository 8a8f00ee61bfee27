import { strict as assert } from 'node:assert';
import { analyze } from '../../../src/core/analyze';

/**
 * Models whose layers are made where the code runs: lists of layers built in loops and
 * handed to nn.Sequential(*layers), a _make_layer helper, branches decided by the numbers
 * the constructor was given, and class attributes (`expansion = 1`).
 */
const shapesOf = async (text: string) => {
  const a = await analyze(text, { language: 'python' });
  const layers = new Map(a.layers.map((l) => [l.name, JSON.stringify(l.shape)]));
  return { a, layers, problems: a.problems.map((p) => `${p.code}: ${p.message}`) };
};

const MLP = (sizes: string) =>
  [
    'import torch',
    'import torch.nn as nn',
    'class MLP(nn.Module):',
    '    def __init__(self, sizes):',
    '        super().__init__()',
    '        layers = []',
    '        for a, b in zip(sizes[:-1], sizes[1:]):',
    '            layers.append(nn.Linear(a, b))',
    '            layers.append(nn.ReLU())',
    '        self.net = nn.Sequential(*layers)',
    '    def forward(self, x):',
    '        return self.net(x)',
    `model = MLP(${sizes})`,
    'out = model(torch.randn(32, 784))',
  ].join('\n');

describe('trace: modules made where the code runs', () => {
  it('applies the layers of nn.Sequential(*layers), each with parameters of its own', async () => {
    const { a, layers, problems } = await shapesOf(MLP('[784, 256, 64, 10]'));
    assert.deepEqual(problems, []);
    assert.equal(layers.get('out'), '[32,10]');
    // Three Linear layers made by one line: three weights, of three shapes.
    const weights = a.graph.nodes.filter((n) => n.inputs.length === 0 && n.name?.endsWith('.weight')).map((n) => `${n.name} ${JSON.stringify(n.shape)}`);
    assert.equal(weights.length, 3, weights.join('; '));
    assert.deepEqual(weights.map((w) => w.split(' ')[1]).sort(), ['[10,64]', '[256,784]', '[64,256]']);
  });

  it('reports a size mismatch between the input and the first layer made in the loop', async () => {
    const { problems } = await shapesOf(MLP('[780, 256, 10]'));
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0], /780/);
    assert.match(problems[0], /784/);
  });

  it('decides a branch on the numbers the constructor was given, and reads class attributes', async () => {
    const text = [
      'import torch',
      'import torch.nn as nn',
      'class Block(nn.Module):',
      '    expansion = 2',
      '    def __init__(self, c_in, c, stride=1):',
      '        super().__init__()',
      '        self.conv = nn.Conv2d(c_in, c * self.expansion, 3, stride=stride, padding=1)',
      '        self.shortcut = nn.Sequential()',
      '        if stride != 1 or c_in != self.expansion * c:',
      '            self.shortcut = nn.Sequential(nn.Conv2d(c_in, self.expansion * c, 1, stride=stride))',
      '    def forward(self, x):',
      '        return self.conv(x) + self.shortcut(x)',
      'def make(block, c_in, c, n):',
      '    blocks = [block(c_in, c, 2)] + [block(c * block.expansion, c) for _ in range(n - 1)]',
      '    return nn.Sequential(*blocks)',
      'stage = make(Block, 8, 16, 2)',
      'y = stage(torch.randn(4, 8, 32, 32))',
    ].join('\n');
    const { layers, problems } = await shapesOf(text);
    assert.deepEqual(problems, []);
    assert.equal(layers.get('y'), '[4,32,16,16]');
  });
});

describe('trace: layers constructed where they are applied', () => {
  it('a Keras block function called per stage makes new layers at each call, each with its own weights', async () => {
    const text = [
      'from tensorflow import keras',
      'from tensorflow.keras import layers',
      'def block(x, filters, stride=1):',
      '    shortcut = x',
      '    y = layers.Conv2D(filters, 3, strides=stride, padding="same")(x)',
      '    if stride != 1 or shortcut.shape[-1] != filters:',
      '        shortcut = layers.Conv2D(filters, 1, strides=stride)(shortcut)',
      '    return layers.Add()([y, shortcut])',
      'inputs = keras.Input(shape=(32, 32, 3))',
      'x = layers.Conv2D(16, 3, padding="same")(inputs)',
      'for filters, stride in [(16, 1), (32, 2), (64, 2)]:',
      '    x = block(x, filters, stride)',
      'out = layers.Dense(10)(layers.GlobalAveragePooling2D()(x))',
    ].join('\n');
    const { a, layers, problems } = await shapesOf(text);
    assert.deepEqual(problems, []);
    assert.equal(layers.get('out'), '["?",10]');
    // The block's 3×3 convolution is made three times: 16, 32 and 64 filters, three kernels.
    const kernels = a.graph.nodes.filter((n) => n.inputs.length === 0 && n.name?.endsWith('.kernel') && n.shape[0] === 3 && n.shape[2] !== 3).map((n) => JSON.stringify(n.shape));
    assert.deepEqual(kernels, ['[3,3,16,16]', '[3,3,16,32]', '[3,3,32,64]']);
  });

  it('a layer object applied twice is one layer: its weights are shared', async () => {
    const text = ['import torch', 'import torch.nn as nn', 'fc = nn.Linear(8, 8)', 'x = torch.randn(4, 8)', 'y = fc(fc(x))'].join('\n');
    const { a, problems } = await shapesOf(text);
    assert.deepEqual(problems, []);
    assert.equal(a.graph.nodes.filter((n) => n.inputs.length === 0 && n.name?.endsWith('.weight')).length, 1);
  });
});

describe('trace: class attributes that make their own class', () => {
  it('stop at the second level instead of recursing forever', async () => {
    const text = ['import torch.nn as nn', 'class Net(nn.Module):', '    size = 4', '    again = Net()', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(self.size, 2)', 'net = Net()'].join('\n');
    const { a } = await shapesOf(text);
    assert.deepEqual(a.problems.filter((p) => p.code === 'internal-error'), []);
  });
});
