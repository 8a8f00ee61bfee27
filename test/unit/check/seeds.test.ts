import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkGradients } from '../../../src/core/check/index';
import { assertVerdicts } from './fixtures.test';

const DIR = join(__dirname, '../../fixtures/check');

/** A verdict must not depend on the random values it was computed at; a correct gradient is never called wrong. */
describe('check: verdicts hold for any seed', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.py'));
  it('every fixture, 4 seeds', async () => {
    for (const file of files) {
      const text = readFileSync(join(DIR, file), 'utf8');
      for (let seed = 1; seed <= 4; seed++) {
        const r = await checkGradients(text, { language: 'python', seed });
        assertVerdicts(`${file} (seed ${seed})`, text, r.gradients);
      }
    }
  });

  it('correct gradients stay correct over 25 seeds (ReLU, hinge and max kinks included)', async () => {
    for (const file of ['two_layer.py', 'svm.py', 'softmax_correct.py', 'tanh_mlp.py', 'norm_layer.py']) {
      const text = readFileSync(join(DIR, file), 'utf8');
      for (let seed = 5; seed < 30; seed++) {
        const r = await checkGradients(text, { language: 'python', seed });
        const wrong = r.gradients.filter((g) => g.verdict !== 'correct');
        assert.deepEqual(wrong.map((g) => `${file} seed ${seed} line ${g.line}: ${g.message}`), []);
      }
    }
  });
});
