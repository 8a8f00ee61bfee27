import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, checkGradients, derive, jacobianOf, type Problem } from '../../../src/core/index';
import { fixViolations } from './invariants';
import { corpus, mutants } from './mutations';

/**
 * Issue 6, nothing lost: the core never edits anything. The only edits it returns are the
 * quick fixes in Problem.fixes, each one edit set the user chooses, whose edits lie inside
 * the document and do not overlap (so the editor applies it as one undoable edit).
 */
const ROOT = join(__dirname, '../../..');
const MNIST = readFileSync(join(ROOT, 'examples/mnist_torch.py'), 'utf8');

/** Texts that get quick fixes: a transposed weight (NumPy and math), a Linear of the wrong size. */
const WITH_FIXES: { name: string; text: string; language: 'python' | 'math' }[] = [
  { name: 'transposed weight', text: 'import numpy as np\nN = 8\nC = np.random.randn(N, 1568)\nB = np.random.randn(1024, 1568)\nZ = C @ B\n', language: 'python' },
  { name: 'transposed product operand', text: 'import numpy as np\nA = np.random.randn(5, 3)\nB = np.random.randn(4, 3)\nZ = A @ (B * 2)\n', language: 'python' },
  { name: 'math: transposed', text: 'A: 1024 x 10\nB: 1024 x 1568\nC: ? x 1568\nX = softmax(C*B*A)\n', language: 'math' },
  { name: 'Linear in_features', text: MNIST.replace('nn.Linear(9216, 128)', 'nn.Linear(9215, 128)'), language: 'python' },
];

/** Every `edits` or `newText` in a result, with its path: allowed only under `fixes`. */
function editsOutsideFixes(value: unknown, path = '$', seen = new Set<unknown>()): string[] {
  if (value === null || typeof value !== 'object' || seen.has(value)) return [];
  seen.add(value);
  if (value instanceof Map) return [...value.entries()].flatMap(([k, v]) => editsOutsideFixes(v, `${path}.get(${String(k)})`, seen));
  if (ArrayBuffer.isView(value)) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (k === 'fixes') continue;
    if (k === 'edits' || k === 'newText') out.push(`${path}.${k}`);
    out.push(...editsOutsideFixes(v, `${path}.${k}`, seen));
  }
  return out;
}

function applyFix(text: string, p: Problem, k = 0): string {
  const edits = [...(p.fixes?.[k].edits ?? [])].sort((a, b) => b.span.start - a.span.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

describe('robustness: nothing lost (edits only as quick fixes)', function () {
  this.timeout(120_000);

  it('each quick fix is one edit set inside the document, without overlapping edits, and it fixes its problem', async () => {
    for (const c of WITH_FIXES) {
      const a = await analyze(c.text, { language: c.language });
      const withFix = a.problems.filter((p) => p.fixes?.length);
      assert.ok(withFix.length >= 1, `${c.name}: no quick fix offered (${a.problems.map((p) => p.message).join('; ')})`);
      for (const p of withFix) {
        assert.deepEqual(fixViolations(c.name, p, c.text.length), []);
        for (const fix of p.fixes ?? []) assert.ok(fix.edits.length >= 1 && typeof fix.title === 'string' && fix.title.length > 0);
        // Applied, the fix removes its own error (and leaves the rest of the file as it was).
        const fixed = applyFix(c.text, p);
        const after = await analyze(fixed, { language: c.language });
        assert.ok(!after.problems.some((q) => q.code === p.code && q.severity === 'error'), `${c.name}: "${p.fixes?.[0].title}" leaves ${after.problems.map((q) => q.message).join('; ')}`);
        const first = Math.min(...(p.fixes?.[0].edits ?? []).map((e) => e.span.start));
        assert.equal(fixed.slice(0, first), c.text.slice(0, first));
      }
    }
  });

  it('fixes stay valid on mutated code (every fix of every problem over a mutation sweep)', async () => {
    const failures: string[] = [];
    let fixes = 0;
    const sources = [...corpus(), ...WITH_FIXES.map((c) => ({ ...c, name: c.name }))];
    for (const m of mutants(sources, 8, 5)) {
      const a = await analyze(m.text, { language: m.language });
      for (const p of a.problems) {
        fixes += p.fixes?.length ?? 0;
        failures.push(...fixViolations(m.label, p, m.text.length));
      }
    }
    assert.deepEqual(failures, [], failures.join('\n'));
    assert.ok(fixes > 10, `only ${fixes} fixes seen: the sweep does not exercise them`);
  });

  it('analyze, check, derive and jacobian return no edits anywhere but in Problem.fixes', async () => {
    for (const c of [...WITH_FIXES, { name: 'two layer', text: readFileSync(join(ROOT, 'examples/two_layer_net.py'), 'utf8'), language: 'python' as const }]) {
      const a = await analyze(c.text, { language: c.language });
      assert.deepEqual(editsOutsideFixes(a), [], c.name);
      const r = await checkGradients(c.text, { language: c.language });
      assert.deepEqual(editsOutsideFixes({ ...r, analysis: null }), [], c.name);
    }
    assert.deepEqual(editsOutsideFixes(derive('-sum(Y .* log(softmax(C*B*A)))', { wrt: 'C', shapes: { A: [6, 3], B: [5, 6], C: [4, 5], Y: [4, 3] } })), []);
    assert.deepEqual(editsOutsideFixes(jacobianOf('softmax(C*B*A)', { wrt: 'C', shapes: { A: [6, 3], B: [5, 6], C: [4, 5] } })), []);
  });
});
