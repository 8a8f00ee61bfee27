// Deterministic mutations of real model code for the fuzzing suite and the robustness bench.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';

export const ROOT = join(__dirname, '../../..');

/** A small deterministic PRNG (mulberry32): the same seed gives the same mutations everywhere. */
export class Random {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
}

export interface Source {
  /** Path relative to the repository. */
  name: string;
  text: string;
  language: 'python' | 'math';
}

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(path);
  }
}

/** examples/*.py, examples/*.md and test/fixtures/**\/*.py (the robustness fixtures included). */
export function corpus(): Source[] {
  const files: string[] = [];
  for (const f of readdirSync(join(ROOT, 'examples'))) files.push(join(ROOT, 'examples', f));
  walk(join(ROOT, 'test/fixtures'), files);
  return files
    .filter((f) => extname(f) === '.py' || (extname(f) === '.md' && f.includes('/examples/')))
    .sort()
    .map((f) => ({ name: relative(ROOT, f), text: readFileSync(f, 'utf8'), language: extname(f) === '.md' ? ('math' as const) : ('python' as const) }));
}

export interface Mutant {
  /** What was done, for messages: `seed.py: truncate@412`. */
  label: string;
  text: string;
  language: 'python' | 'math';
}

const GARBAGE = ['@', '**', '(', ')', '[', ']', '{', '}', ':', ',', '.', '=', '+=', 'lambda', 'def', 'class', 'import', 'np.', 'torch.', '\\', '"', "'", '"""', '#', '\t', '\\frac{', '$$', '^T', "'", '.*', '∑', '\u00a0', '\u200b'];
const HUGE = ['10**30', '99999999999', '1e308', '-1', '0', '2**64', '1e-320', 'float("nan")', 'float("inf")', '-99999999999', '3.5', '10**400'];
const UNICODE = ['é', 'λ', '∂', '𝐖', 'Ω', '中文', '🙂', '\u202e', '\u0301', 'ß', 'ﬁ'];

/** Splits at a random offset that is not inside a surrogate pair. */
function offset(text: string, r: Random): number {
  let k = r.int(text.length + 1);
  if (k > 0 && k < text.length && /[\uDC00-\uDFFF]/.test(text[k])) k--;
  return k;
}

function lines(text: string): string[] {
  return text.split('\n');
}

/** One named mutation of `text`, chosen and placed by `r`. */
export const MUTATIONS: Record<string, (text: string, r: Random, other: string) => string> = {
  truncate: (t, r) => t.slice(0, offset(t, r)),
  cut: (t, r) => {
    const a = offset(t, r);
    const b = Math.min(t.length, a + r.int(80));
    return t.slice(0, a) + t.slice(b);
  },
  splice: (t, r, other) => t.slice(0, offset(t, r)) + other.slice(offset(other, r)),
  'drop-line': (t, r) => {
    const ls = lines(t);
    ls.splice(r.int(ls.length), 1);
    return ls.join('\n');
  },
  'swap-lines': (t, r) => {
    const ls = lines(t);
    const i = r.int(ls.length);
    const j = r.int(ls.length);
    [ls[i], ls[j]] = [ls[j], ls[i]];
    return ls.join('\n');
  },
  'duplicate-line': (t, r) => {
    const ls = lines(t);
    const i = r.int(ls.length);
    ls.splice(i, 0, ...Array(1 + r.int(3)).fill(ls[i]));
    return ls.join('\n');
  },
  garbage: (t, r) => {
    let out = t;
    for (let k = 1 + r.int(4); k > 0; k--) {
      const at = offset(out, r);
      out = out.slice(0, at) + r.pick(GARBAGE) + out.slice(at);
    }
    return out;
  },
  'huge-literal': (t, r) => {
    // Every number, or one of them, becomes a huge (or degenerate) value.
    const all = r.int(2) === 0;
    const lit = r.pick(HUGE);
    let seen = 0;
    const target = r.int(Math.max(1, (t.match(/\b\d+\b/g) ?? []).length));
    return t.replace(/\b\d+\b/g, (m) => (all || seen++ === target ? lit : m));
  },
  'deep-nesting': (t, r) => {
    const n = r.pick([50, 199, 201, 400, 2000, 5000]);
    const open = r.pick(['(', '[', 'np.exp(', '-', 'f(', '{']);
    const close = open === '-' ? '' : open === '[' ? ']' : open === '{' ? '}' : ')';
    const ls = lines(t);
    const i = r.int(ls.length + 1);
    ls.splice(i, 0, `z = ${open.repeat(n)}x${close.repeat(n)}`);
    return ls.join('\n');
  },
  'long-line': (t, r) => {
    const n = r.pick([1000, 5000, 20000]);
    const ls = lines(t);
    ls.splice(r.int(ls.length + 1), 0, `s = ${Array.from({ length: n }, (_, k) => `x${k % 7}`).join(' + ')}`);
    return ls.join('\n');
  },
  'non-ascii': (t, r) => {
    let out = t;
    for (let k = 1 + r.int(5); k > 0; k--) {
      const at = offset(out, r);
      out = out.slice(0, at) + r.pick(UNICODE) + out.slice(at);
    }
    return out;
  },
  nul: (t, r) => {
    const at = offset(t, r);
    return t.slice(0, at) + '\0'.repeat(1 + r.int(3)) + t.slice(at);
  },
  crlf: (t) => t.replace(/\n/g, '\r\n'),
  'lone-cr': (t) => t.replace(/\n/g, '\r'),
  tabs: (t) => t.replace(/^( {4})+/gm, (m) => '\t'.repeat(m.length / 4)),
  'indent-shift': (t, r) => {
    const ls = lines(t);
    const i = r.int(ls.length);
    ls[i] = ' '.repeat(1 + r.int(9)) + ls[i];
    return ls.join('\n');
  },
  'big-loop': (t, r) => {
    const ls = lines(t);
    const n = r.pick([64, 65, 1000, 10 ** 9]);
    const i = r.int(ls.length + 1);
    ls.splice(i, 0, `for i in range(${n}):`, `    for j in range(${n}):`, '        acc = acc + 1');
    return ls.join('\n');
  },
  empty: () => '',
  whitespace: (_t, r) => r.pick([' ', '\n\n\n', '\t', '\r\n', '   \n  ']),
};

export const MUTATION_NAMES = Object.keys(MUTATIONS);

/** `count` mutants of each source, cycling through every mutation kind; stacked mutations now and then. */
export function mutants(sources: Source[], count: number, seed = 1): Mutant[] {
  const r = new Random(seed);
  const out: Mutant[] = [];
  for (const s of sources) {
    for (let k = 0; k < count; k++) {
      const kind = MUTATION_NAMES[(k + s.name.length) % MUTATION_NAMES.length];
      const other = r.pick(sources).text;
      let text = MUTATIONS[kind](s.text, r, other);
      let label = `${s.name}: ${kind}`;
      if (r.int(4) === 0) {
        const second = r.pick(MUTATION_NAMES);
        text = MUTATIONS[second](text, r, other);
        label += ` + ${second}`;
      }
      out.push({ label, text, language: s.language });
    }
  }
  return out;
}

/** A 1,000-line file built from the corpus: the sources, mutated now and then, repeated. */
export function thousandLines(sources: Source[], seed: number): string {
  const r = new Random(seed);
  const out: string[] = [];
  while (out.length < 1000) {
    const s = r.pick(sources.filter((x) => x.language === 'python'));
    const text = r.int(3) === 0 ? MUTATIONS[r.pick(MUTATION_NAMES)](s.text, r, r.pick(sources).text) : s.text;
    out.push(...text.split('\n'));
  }
  return out.slice(0, 1000).join('\n');
}
