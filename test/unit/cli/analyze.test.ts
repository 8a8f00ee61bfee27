import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { analyzeCommand } from '../../../src/cli/analyze';
import { parseArgs } from '../../../src/cli/args';

describe('grad-lens analyze --json', () => {
  it('writes a symbolic size as a string in the hint’s notation and a known one as a number', async () => {
    const file = join(__dirname, '../../../examples/attention.py');
    const r = await analyzeCommand(parseArgs(['analyze', file, '--json']), undefined);
    const json = JSON.parse(r.stdout) as { layers: { name: string; shape: (number | string)[] }[]; problems: { code: string; line: number }[] };
    const shape = (name: string) => json.layers.find((l) => l.name === name)?.shape;
    assert.deepEqual(shape('q'), ['B', 4, 'T', 'C//4']);
    assert.deepEqual(shape('both'), ['B', 'T', '2*C']);
    assert.deepEqual(json.problems.map((p) => [p.code, p.line]), [['shape-condition', 9]]);
    assert.equal(r.exitCode, 0, 'a condition is a warning, not an error');
  });
});
