import { strict as assert } from 'node:assert';
import { Rng } from '../../../src/core/numeric/prng';

describe('numeric/prng', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = new Rng(42).normals(5);
    assert.deepEqual(a, new Rng(42).normals(5));
    assert.notDeepEqual(a, new Rng(43).normals(5));
  });

  it('draws standard normals (mean 0, variance 1) and uniform integers in range', () => {
    const r = new Rng(1);
    const x = r.normals(200000);
    const mean = x.reduce((s, v) => s + v, 0) / x.length;
    const variance = x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length;
    assert.ok(Math.abs(mean) < 0.01 && Math.abs(variance - 1) < 0.02, `${mean} ${variance}`);
    const counts = [0, 0, 0, 0, 0];
    for (let i = 0; i < 50000; i++) counts[r.int(0, 5)]++;
    for (const c of counts) assert.ok(Math.abs(c - 10000) < 500, String(counts));
    const s = r.signs(1000);
    assert.ok(s.every((v) => v === 1 || v === -1));
    assert.ok(Math.abs(s.reduce((p, v) => p + v, 0)) < 150);
  });
});
