/** A usage error: the CLI prints it on stderr and exits with 2. */
export class UsageError extends Error {}

export interface ParsedArgs {
  command: string;
  positional: string[];
  flags: Map<string, string[]>;
}

const BOOLEAN_FLAGS = new Set(['json', 'help']);

export function parseArgs(argv: string[]): ParsedArgs {
  const [command = 'help', ...rest] = argv;
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq >= 0 ? eq : undefined);
    let value = eq >= 0 ? arg.slice(eq + 1) : 'true';
    if (eq < 0 && !BOOLEAN_FLAGS.has(name)) {
      if (i + 1 >= rest.length) throw new UsageError(`--${name} needs a value`);
      value = rest[++i];
    }
    flags.set(name, [...(flags.get(name) ?? []), value]);
  }
  return { command, positional, flags };
}

/** `--dims N=64,D=10` (repeatable). */
export function parseDims(values: string[] = []): Record<string, number> {
  const dims: Record<string, number> = {};
  for (const part of values.flatMap((v) => v.split(','))) {
    if (!part.trim()) continue;
    const m = /^\s*([A-Za-z_?][\w]*)\s*=\s*(\d+)\s*$/.exec(part);
    if (!m) throw new UsageError(`--dims expects NAME=SIZE, got '${part}'`);
    dims[m[1]] = Number(m[2]);
  }
  return dims;
}

/** `--lines 10-20` → 1-based inclusive range. */
export function parseLines(value: string | undefined): { start: number; end: number } | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+)(?:-(\d+))?$/.exec(value.trim());
  if (!m) throw new UsageError(`--lines expects START-END, got '${value}'`);
  const start = Number(m[1]);
  const end = m[2] ? Number(m[2]) : start;
  if (start < 1 || end < start) throw new UsageError(`--lines range ${value} is empty`);
  return { start, end };
}

/** `--shape A=1024x10` (repeatable) → dims lists; `x=4` is a column vector. */
export function parseShapes(values: string[] = []): Record<string, (number | string)[]> {
  const shapes: Record<string, (number | string)[]> = {};
  for (const v of values) {
    const m = /^\s*([A-Za-z_][\w]*)\s*=\s*(.+)$/.exec(v);
    if (!m) throw new UsageError(`--shape expects NAME=RxC, got '${v}'`);
    const dims = m[2].split(/[x×,]/i).map((d) => d.trim()).filter(Boolean).map((d) => (/^\d+$/.test(d) ? Number(d) : d));
    if (dims.length === 0) throw new UsageError(`--shape ${v} has no sizes`);
    shapes[m[1]] = dims;
  }
  return shapes;
}
