import { named, type PyNode } from './tree';

/**
 * Resolves a dotted spelling (`np.dot`, `F.relu`, `Dense`) to a qualified name the call
 * table is keyed by (`numpy.dot`, `torch.nn.functional.relu`, `keras.layers.Dense`).
 * The usual aliases are known without their imports because a selection rarely includes them.
 */
const DEFAULT_ALIASES: Record<string, string> = {
  np: 'numpy',
  numpy: 'numpy',
  jnp: 'numpy',
  torch: 'torch',
  nn: 'torch.nn',
  F: 'torch.nn.functional',
  tf: 'tensorflow',
  tensorflow: 'tensorflow',
  keras: 'keras',
  layers: 'keras.layers',
  math: 'math',
  // Bare Keras layer names, as in `from tensorflow.keras.layers import Dense`.
  Dense: 'keras.layers.Dense',
  Conv2D: 'keras.layers.Conv2D',
  Flatten: 'keras.layers.Flatten',
  MaxPooling2D: 'keras.layers.MaxPooling2D',
  MaxPool2D: 'keras.layers.MaxPool2D',
  Dropout: 'keras.layers.Dropout',
  Sequential: 'keras.Sequential',
};

/** Library paths that mean the same thing (whole dotted segments). */
const PREFIX_NORMALIZATION: [string, string][] = [
  ['tensorflow.compat.v1.', 'tensorflow.'],
  ['tensorflow.python.keras.', 'keras.'],
  ['tensorflow.keras.', 'keras.'],
  ['jax.numpy.', 'numpy.'],
  ['keras.models.Sequential.', 'keras.Sequential.'],
  ['keras.layers.core.', 'keras.layers.'],
];

const BUILTINS = new Set(['range', 'len', 'max', 'min', 'abs', 'int', 'float', 'print', 'super', 'reversed', 'enumerate', 'zip', 'list', 'tuple']);

export class Imports {
  private readonly aliases = new Map<string, string>(Object.entries(DEFAULT_ALIASES));
  /** `from numpy import *`: bare names are looked up in these modules. */
  private readonly wildcards: string[] = [];
  /** qualify() results (library names) for spellings without wildcard lookups; cleared when the aliases change. */
  private readonly cache = new Map<string, string | null>();
  /** The modules the file imports (`numpy`, `torch.nn`), normalized, whatever names it binds them to. */
  private readonly modules = new Set<string>();

  /** Records `import a.b as c` / `from a.b import c as d`. */
  record(node: PyNode, text: string): void {
    this.cache.clear();
    const src = (n: PyNode) => text.slice(n.start, n.end).replace(/\s+/g, '');
    if (node.type === 'import_statement') {
      for (const item of named(node)) {
        if (item.type === 'aliased_import') {
          const [path, alias] = named(item);
          if (path && alias) this.aliases.set(src(alias), src(path));
          if (path) this.modules.add(normalize(src(path)));
        } else if (item.type === 'dotted_name') {
          const path = src(item);
          const head = path.split('.')[0];
          this.aliases.set(head, head);
          this.modules.add(normalize(path));
        }
      }
      return;
    }
    // import_from_statement: the first named child is the module, the rest are the names.
    const [module, ...names] = named(node);
    if (!module) return;
    const base = src(module);
    this.modules.add(normalize(base));
    if (names.length === 0 || node.children.some((c) => c.type === 'wildcard_import')) {
      this.wildcards.push(normalize(base));
      return;
    }
    for (const item of names) {
      if (item.type === 'aliased_import') {
        const [path, alias] = named(item);
        if (path && alias) this.aliases.set(src(alias), `${base}.${src(path)}`);
      } else {
        const name = src(item);
        this.aliases.set(name.split('.').pop() ?? name, `${base}.${name}`);
      }
    }
  }

  /** The modules the file imports, by their normalized paths (`jax.numpy` is `numpy`). */
  get imported(): ReadonlySet<string> {
    return this.modules;
  }

  /** A plain assignment to a name hides a module alias of that name (`layers = []`). */
  shadow(name: string): void {
    if (this.aliases.delete(name)) this.cache.clear();
  }

  /** True when `head` names a module (so `head.x(...)` is a library call, not a method). */
  isModule(head: string): boolean {
    return this.aliases.has(head);
  }

  /**
   * The qualified name of a dotted spelling, or null when its head is not a known module,
   * imported name or builtin. Bare names found under a wildcard import return the first match
   * the caller's `known` accepts.
   */
  qualify(dotted: string, known?: (qualified: string) => boolean): string | null {
    const cached = this.cache.get(dotted);
    if (cached !== undefined) return cached;
    const qualified = this.resolve(dotted, known);
    // Only library names are worth keeping: a miss (`h_3.T`, a method of a variable) is found
    // as fast as it is looked up, and a large file has one of those per name.
    if (this.wildcards.length === 0 && qualified !== null) this.cache.set(dotted, qualified);
    return qualified;
  }

  private resolve(dotted: string, known?: (qualified: string) => boolean): string | null {
    const dot = dotted.indexOf('.');
    const head = dot < 0 ? dotted : dotted.slice(0, dot);
    const target = this.aliases.get(head);
    if (target !== undefined) return normalize(dot < 0 ? target : target + dotted.slice(dot));
    if (dot < 0) {
      if (known) for (const w of this.wildcards) if (known(`${w}.${dotted}`)) return `${w}.${dotted}`;
      if (BUILTINS.has(dotted)) return `builtins.${dotted}`;
    }
    return null;
  }
}

function normalize(path: string): string {
  const dotted = path + '.';
  for (const [from, to] of PREFIX_NORMALIZATION) {
    if (dotted.startsWith(from)) return (to + dotted.slice(from.length)).slice(0, -1);
  }
  return path;
}
