import type { ArrayLibrary } from '../../ops/index';
import { type Context, dottedName } from './context';
import { firstNamed, named, type PyNode } from './tree';

/**
 * Which library made an array, read from the code that made it. NumPy's and PyTorch's arrays
 * have methods of the same name that differ (`a.repeat(2, axis=0)` repeats each entry in
 * place, `t.repeat(2, 1)` tiles), so a method is read as the receiver's library defines it.
 * Nothing is run: the receiver is a library call (`np.arange(6).reshape(2, 3)`), a layer
 * applied, a method or an operator over one, or a name last assigned one. Else null, and the
 * caller looks at which libraries the file imports.
 */
export function receiverLibrary(cx: Context, node: PyNode): ArrayLibrary | null {
  switch (node.type) {
    case 'identifier':
      return cx.arrayLibraries.get(cx.src(node)) ?? null;
    case 'attribute': {
      // self.W, bound as a name of its own; else x.T, x.data: the object's library.
      const dotted = dottedName(cx, node);
      const own = dotted !== null ? cx.arrayLibraries.get(dotted) : undefined;
      if (own) return own;
      const object = firstNamed(node);
      return object ? receiverLibrary(cx, object) : null;
    }
    case 'parenthesized_expression':
    case 'subscript': // x[0], x[:, None]
    case 'unary_operator': {
      const inner = firstNamed(node);
      return inner ? receiverLibrary(cx, inner) : null;
    }
    case 'binary_operator': {
      const [left, right] = named(node);
      return (left && receiverLibrary(cx, left)) ?? (right && receiverLibrary(cx, right)) ?? null;
    }
    case 'call':
      return callLibrary(cx, node);
    default:
      return null;
  }
}

function callLibrary(cx: Context, call: PyNode): ArrayLibrary | null {
  const fn = firstNamed(call);
  if (!fn) return null;
  const dotted = dottedName(cx, fn);
  if (dotted !== null) {
    const layer = cx.layers.get(dotted);
    if (layer) return layer.kind === 'layer' || layer.kind === 'sequence' ? libraryOfName(cx.imports.qualify(layer.callee)) : null;
    const qualified = cx.imports.qualify(dotted);
    if (qualified !== null) return libraryOfName(qualified);
  }
  // A method's result is an array of its receiver's library, except `t.numpy()`'s.
  if (fn.type === 'attribute') {
    const [receiver, method] = named(fn);
    if (method && cx.src(method) === 'numpy') return 'numpy';
    return receiver ? receiverLibrary(cx, receiver) : null;
  }
  return null;
}

/** The array library of a qualified name (`numpy.arange`, `torch.nn.Linear`): SciPy's arrays are NumPy's, Keras's tensors TensorFlow's. */
export function libraryOfName(qualified: string | null): ArrayLibrary | null {
  const root = qualified?.split('.', 1)[0];
  if (root === 'numpy' || root === 'scipy') return 'numpy';
  if (root === 'torch') return 'torch';
  if (root === 'tensorflow' || root === 'keras') return 'tensorflow';
  return null;
}

/** After `name = value`: the name holds an array of the value's library, or of none known. */
export function rememberLibrary(cx: Context, name: string, value: PyNode): void {
  const library = receiverLibrary(cx, value);
  if (library) cx.arrayLibraries.set(name, library);
  else cx.arrayLibraries.delete(name);
}

/** The array libraries the file imports. */
export function importedLibraries(cx: Context): Set<ArrayLibrary> {
  const out = new Set<ArrayLibrary>();
  for (const module of cx.imports.imported) {
    const library = libraryOfName(module);
    if (library) out.add(library);
  }
  return out;
}

/**
 * A parameter binds its name afresh: to the library its annotation names (`x: torch.Tensor`,
 * `a: np.ndarray`, `Float[torch.Tensor, "n d"]`: the first name a library defines), or to none known.
 */
export function rememberParameter(cx: Context, name: string, annotation: PyNode | undefined): void {
  const names = annotation ? cx.src(annotation).match(/[A-Za-z_][\w.]*/g) ?? [] : [];
  for (const dotted of names) {
    const library = libraryOfName(cx.imports.qualify(dotted));
    if (library) {
      cx.arrayLibraries.set(name, library);
      return;
    }
  }
  cx.arrayLibraries.delete(name);
}
