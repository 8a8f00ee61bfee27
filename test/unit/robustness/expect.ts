// `# expect: …` comments in the robustness fixtures, as in test/fixtures/check (same grammar).
import { strict as assert } from 'node:assert';
import type { GradientVerdict } from '../../../src/core/check/types';

interface Expectation {
  line: number;
  verdict: string;
  mistake?: string;
}

function expectations(text: string): Expectation[] {
  const out: Expectation[] = [];
  text.split('\n').forEach((l, i) => {
    const m = /# expect: (.*)$/.exec(l);
    if (!m) return;
    const [verdict, mistake] = m[1].trim().split(/\s+/);
    out.push({ line: i + 1, verdict, mistake });
  });
  return out;
}

/** Each `# expect:` line has its verdict; no other line is judged wrong. */
export function assertVerdicts(file: string, text: string, gradients: GradientVerdict[]): void {
  const expected = expectations(text);
  assert.ok(expected.length > 0, `${file} has no expectations`);
  for (const e of expected) {
    const at = gradients.filter((g) => g.line === e.line);
    assert.equal(at.length, 1, `${file}:${e.line}: expected one verdict, got ${JSON.stringify(at.map((g) => g.message))}`);
    assert.equal(at[0].verdict, e.verdict, `${file}:${e.line}: ${at[0].message}`);
    if (e.mistake) assert.equal(at[0].mistake, e.mistake, `${file}:${e.line}: ${at[0].message}`);
  }
  const lines = new Set(expected.map((e) => e.line));
  for (const g of gradients) assert.ok(lines.has(g.line) || g.verdict !== 'wrong', `${file}:${g.line}: unexpected wrong verdict: ${g.message}`);
}
