/**
 * A small seeded generator (xoshiro128**, seeded through splitmix32) so that every leaf
 * value, direction and sample is reproducible from one seed: a verdict must not change
 * between two runs of the same check.
 */
export class Rng {
  /** State as int32 (V8 keeps these unboxed; uint32 values above 2^31 would become doubles). */
  private readonly s = new Int32Array(4);
  /** The second value of the last Box–Muller pair, NaN when used (a field that only ever holds numbers is updated in place; null would box each one). */
  private spare = NaN;

  constructor(seed: number) {
    let x = seed | 0;
    const next = () => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return z ^ (z >>> 16);
    };
    for (let i = 0; i < 4; i++) this.s[i] = next();
  }

  /** A derived, independent stream (one per leaf, so adding a leaf does not shift the others). */
  fork(salt: number): Rng {
    return new Rng((this.nextU32() ^ Math.imul(salt + 1, 0x27d4eb2d)) >>> 0);
  }

  nextU32(): number {
    const s = this.s;
    const m = Math.imul(s[1], 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9);
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = (s[3] << 11) | (s[3] >>> 21);
    return result >>> 0;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextU32() >>> 5;
    const lo = this.nextU32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Standard normal (Box–Muller on two 32-bit uniforms: one draw per value). */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const v = this.spare;
      this.spare = NaN;
      return v;
    }
    const u = (this.nextU32() + 0.5) / 4294967296;
    const v = this.nextU32() / 4294967296;
    const r = Math.sqrt(-2 * Math.log(u));
    const t = 2 * Math.PI * v;
    this.spare = r * Math.sin(t);
    return r * Math.cos(t);
  }

  /** Integer in [low, high). */
  int(low: number, high: number): number {
    return low + Math.floor(this.uniform() * (high - low));
  }

  /** Random ±1 entries (Rademacher): directions for finite differences, 32 per draw. */
  signs(n: number): Float64Array {
    const out = new Float64Array(n);
    let i = 0;
    for (; i + 32 <= n; i += 32) {
      const bits = this.nextU32();
      for (let b = 0; b < 32; b++) out[i + b] = ((bits >>> b) & 1) * 2 - 1;
    }
    if (i < n) {
      const bits = this.nextU32();
      for (let b = 0; i + b < n; b++) out[i + b] = ((bits >>> b) & 1) * 2 - 1;
    }
    return out;
  }

  normals(n: number): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.normal();
    return out;
  }
}
