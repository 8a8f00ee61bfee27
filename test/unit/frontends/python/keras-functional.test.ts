import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../../src/core/analyze';

const fixture = (name: string) => readFileSync(join(__dirname, '../../../fixtures/models', name), 'utf8');

describe('python front end: a Keras functional model built in a function', () => {
  it('reads the layers where they are applied, and the returned keras.Model without a warning', async () => {
    const a = await analyze(fixture('keras_functional_builder.py'), { language: 'python' });
    assert.deepEqual(a.problems.map((p) => p.message), []);
    assert.deepEqual(
      a.layers.map((l) => `${l.line} ${l.name} ${JSON.stringify(l.shape)}`),
      ['7 inputs ["?",784]', '8 x ["?",64]', '9 h ["?",64]', '10 x ["?",64]', '11 outputs ["?",10]'],
    );
  });

  it('still finds the shape mistake inside the builder, and only that', async () => {
    // The residual adds the input (784 wide) instead of the first hidden layer.
    const a = await analyze(fixture('keras_functional_builder.py').replace('layers.Add()([x, h])', 'layers.Add()([inputs, h])'), { language: 'python' });
    assert.equal(a.problems.length, 1, a.problems.map((p) => p.message).join('; '));
    const [only] = a.problems;
    assert.equal(only.code, 'shape-mismatch');
    assert.match(only.message, /784 against 64/);
  });

  it('reads the merge functions layers.concatenate and layers.add as their layers (a multi-input model and a toy ResNet)', async () => {
    const text = fixture('keras_merge_functions.py');
    const a = await analyze(text, { language: 'python' });
    assert.deepEqual(a.problems.map((p) => p.message), []);
    const at = (name: string, line: number) => a.layers.find((l) => l.name === name && l.line === line)?.shape;
    // 128 + 32 + 12 features side by side; the residual sum keeps the block's shape.
    assert.deepEqual(at('x', 18), ['?', 172]);
    assert.deepEqual(at('department_pred', 20), ['?', 4]);
    assert.deepEqual(at('block_2_output', 38), ['?', 9, 9, 64]);
    const broken = await analyze(text.replace('layers.add([x, block_1_output])', 'layers.add([x, inputs])'), { language: 'python' });
    assert.equal(broken.problems.filter((p) => p.severity === 'error').length, 1);
  });
});
