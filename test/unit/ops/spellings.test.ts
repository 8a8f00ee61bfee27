import { strict as assert } from 'node:assert';
import { OP_MODULES } from '../../../src/core/ops/index';
import { NO_MATH_SPELLING, NO_PYTHON_SPELLING } from './spellings';

describe('ops: the modules listed as having no spelling of a kind', () => {
  it('are modules, each with a reason (the agreement test checks they have none)', () => {
    const names = new Set(OP_MODULES.map((op) => op.name));
    for (const [name, reason] of [...Object.entries(NO_MATH_SPELLING), ...Object.entries(NO_PYTHON_SPELLING)]) {
      assert.ok(names.has(name as never), `${name} is listed but is no op module`);
      assert.ok(reason.length > 10, `${name}: a reason`);
    }
  });
});
