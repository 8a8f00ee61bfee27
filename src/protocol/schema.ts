/**
 * A few validation combinators, small enough to read in one sitting. Both sides of the
 * panel parse every message with them: a schema either returns a fresh plain-data copy
 * of its input (unknown keys rejected, arrays bounded) or throws a SchemaError naming the
 * path. No dependency: the same code runs in the extension host and in the webview.
 */

export class SchemaError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path || '(message)'}: ${reason}`);
  }
}

export interface Schema<T> {
  parse(value: unknown, path: string): T;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Runs a schema without throwing: what the message handlers use. */
export function validate<T>(schema: Schema<T>, value: unknown): Parsed<T> {
  try {
    return { ok: true, value: schema.parse(value, '') };
  } catch (err) {
    if (err instanceof SchemaError) return { ok: false, error: err.message };
    // A schema bug must not turn into "the message was fine": report it as a rejection.
    return { ok: false, error: `validator failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}

const describe = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

export function str(opts: { max?: number; min?: number; pattern?: RegExp } = {}): Schema<string> {
  const max = opts.max ?? 10_000;
  return {
    parse(v, path) {
      if (typeof v !== 'string') throw new SchemaError(path, `expected a string, got ${describe(v)}`);
      if (v.length > max) throw new SchemaError(path, `string longer than ${max}`);
      if (opts.min !== undefined && v.length < opts.min) throw new SchemaError(path, `string shorter than ${opts.min}`);
      if (opts.pattern && !opts.pattern.test(v)) throw new SchemaError(path, `string does not match ${opts.pattern}`);
      return v;
    },
  };
}

/** Finite numbers only: JSON turns NaN and Infinity into null, so payloads say null themselves. */
export function num(opts: { min?: number; max?: number; int?: boolean } = {}): Schema<number> {
  return {
    parse(v, path) {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new SchemaError(path, `expected a finite number, got ${describe(v)}`);
      if (opts.int && !Number.isInteger(v)) throw new SchemaError(path, 'expected an integer');
      if (opts.min !== undefined && v < opts.min) throw new SchemaError(path, `below ${opts.min}`);
      if (opts.max !== undefined && v > opts.max) throw new SchemaError(path, `above ${opts.max}`);
      return v;
    },
  };
}

export const int = (min = 0, max = Number.MAX_SAFE_INTEGER): Schema<number> => num({ int: true, min, max });

export const bool: Schema<boolean> = {
  parse(v, path) {
    if (typeof v !== 'boolean') throw new SchemaError(path, `expected a boolean, got ${describe(v)}`);
    return v;
  },
};

export function oneOf<const T extends string>(...values: T[]): Schema<T> {
  const allowed = new Set<string>(values);
  return {
    parse(v, path) {
      if (typeof v !== 'string' || !allowed.has(v)) throw new SchemaError(path, `expected one of ${values.join(', ')}`);
      return v as T;
    },
  };
}

export function exactly<const T extends string | number>(value: T): Schema<T> {
  return {
    parse(v, path) {
      if (v !== value) throw new SchemaError(path, `expected ${JSON.stringify(value)}`);
      return value;
    },
  };
}

export function nullable<T>(inner: Schema<T>): Schema<T | null> {
  return { parse: (v, path) => (v === null ? null : inner.parse(v, path)) };
}

export function arr<T>(item: Schema<T>, max: number): Schema<T[]> {
  return {
    parse(v, path) {
      if (!Array.isArray(v)) throw new SchemaError(path, `expected an array, got ${describe(v)}`);
      if (v.length > max) throw new SchemaError(path, `array longer than ${max} (${v.length})`);
      const out: T[] = new Array<T>(v.length);
      for (let i = 0; i < v.length; i++) out[i] = item.parse(v[i], `${path}[${i}]`);
      return out;
    },
  };
}

export function pair<A, B>(a: Schema<A>, b: Schema<B>): Schema<[A, B]> {
  return {
    parse(v, path) {
      if (!Array.isArray(v) || v.length !== 2) throw new SchemaError(path, 'expected a pair');
      return [a.parse(v[0], `${path}[0]`), b.parse(v[1], `${path}[1]`)];
    },
  };
}

export function either<A, B>(a: Schema<A>, b: Schema<B>): Schema<A | B> {
  return {
    parse(v, path) {
      try {
        return a.parse(v, path);
      } catch {
        return b.parse(v, path);
      }
    },
  };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

type Shape = Record<string, Schema<unknown>>;
type ObjOf<S extends Shape> = { [K in keyof S]: Infer<S[K]> };

/** Every key required (payloads use null for "absent"), no unknown keys, a fresh object out. */
export function obj<S extends Shape>(shape: S): Schema<ObjOf<S>> {
  const keys = Object.keys(shape);
  return {
    parse(v, path) {
      if (!isPlainObject(v)) throw new SchemaError(path, `expected an object, got ${describe(v)}`);
      for (const key of Object.keys(v)) {
        if (!Object.prototype.hasOwnProperty.call(shape, key)) throw new SchemaError(path, `unknown field "${key}"`);
      }
      const out: Record<string, unknown> = {};
      for (const key of keys) {
        if (!Object.prototype.hasOwnProperty.call(v, key)) throw new SchemaError(path, `missing field "${key}"`);
        out[key] = shape[key].parse(v[key], path ? `${path}.${key}` : key);
      }
      return out as ObjOf<S>;
    },
  };
}

/** A schema plus a check across fields (indices inside bounds, lengths that agree). */
export function refine<T>(inner: Schema<T>, check: (value: T) => string | null): Schema<T> {
  return {
    parse(v, path) {
      const value = inner.parse(v, path);
      const problem = check(value);
      if (problem) throw new SchemaError(path, problem);
      return value;
    },
  };
}

/**
 * A discriminated union keyed by `type`. Each variant's schema must itself include the
 * `type` field, so what comes out is exactly one variant.
 */
export function tagged<T extends { type: string }>(variants: { [K in T['type']]: Schema<Extract<T, { type: K }>> }): Schema<T> {
  const table = variants as Record<string, Schema<T>>;
  return {
    parse(v, path) {
      if (!isPlainObject(v)) throw new SchemaError(path, `expected a message object, got ${describe(v)}`);
      const type = v.type;
      if (typeof type !== 'string') throw new SchemaError(path, 'missing message type');
      if (!Object.prototype.hasOwnProperty.call(table, type)) throw new SchemaError(path, `unknown message type "${type.slice(0, 60)}"`);
      return table[type].parse(v, path);
    },
  };
}
