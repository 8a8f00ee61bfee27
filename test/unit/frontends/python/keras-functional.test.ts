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
});
