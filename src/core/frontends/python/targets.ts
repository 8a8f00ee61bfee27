import type { Expr, IndexItem, Target } from '../../ir/program';
import { canonicalName } from './comments';
import { dottedName, type Context } from './context';
import { firstNamed, named, type PyNode } from './tree';

/** `x`, `self.W` or `grads['W2']`: a target that is one name; else null. */
export function simpleName(cx: Context, node: PyNode): string | null {
  return dottedName(cx, node) ?? dictKeyName(cx, node);
}

/** The target of an assignment or a loop: a name, a tuple of targets, or an indexed name. */
export function lowerTarget(cx: Context, node: PyNode): Target | null {
  const span = cx.span(node);
  switch (node.type) {
    case 'identifier':
    case 'attribute': {
      const name = dottedName(cx, node);
      return name === null ? null : { kind: 'name', name, span };
    }
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'tuple':
    case 'list':
    case 'expression_list': {
      const items = named(node).map((c) => lowerTarget(cx, c));
      return items.every((t): t is Target => t !== null) ? { kind: 'tuple', items, span } : null;
    }
    case 'parenthesized_expression': {
      const inner = firstNamed(node);
      return inner ? lowerTarget(cx, inner) : null;
    }
    case 'subscript': {
      const key = dictKeyName(cx, node);
      if (key !== null) return { kind: 'name', name: key, span };
      const value = named(node)[0];
      const name = value ? simpleName(cx, value) : null;
      return name === null ? null : { kind: 'index', name, items: lowerIndexItems(cx, node), span };
    }
    default:
      return null;
  }
}

/** The index items of a subscript node (everything after the indexed value). */
export function lowerIndexItems(cx: Context, node: PyNode): IndexItem[] {
  return named(node)
    .slice(1)
    .map((item): IndexItem => {
      const span = cx.span(item);
      if (item.type === 'slice') {
        const parts: (Expr | undefined)[] = [undefined, undefined, undefined];
        let colons = 0;
        for (const c of item.children) {
          if (!c.named && c.type === ':') colons++;
          else if (c.named && c.type !== 'comment' && colons < 3) parts[colons] = cx.expr(c);
        }
        const slice: IndexItem = { kind: 'slice', span };
        if (parts[0]) slice.start = parts[0];
        if (parts[1]) slice.stop = parts[1];
        if (parts[2]) slice.step = parts[2];
        return slice;
      }
      if (item.type === 'none') return { kind: 'newaxis', span };
      if (item.type === 'ellipsis') return { kind: 'ellipsis', span };
      const expr = cx.expr(item);
      if (expr.kind === 'const' && expr.value === null) return { kind: 'newaxis', span };
      return { kind: 'expr', expr, span };
    });
}

/**
 * `grads['W2']` / `params["W1"]` on a plain (or dotted) name is a name of its own, written
 * with single quotes; null when the subscript is not a string key on a name.
 */
export function dictKeyName(cx: Context, node: PyNode): string | null {
  if (node.type !== 'subscript') return null;
  const [value, ...items] = named(node);
  if (!value || items.length !== 1 || items[0].type !== 'string') return null;
  const parts = named(items[0]);
  if (parts.some((p) => p.type === 'interpolation')) return null;
  const base = dottedName(cx, value) ?? dictKeyName(cx, value);
  if (base === null) return null;
  return canonicalName(`${base}['${stringValue(cx, items[0])}']`);
}

/** The text of a string literal (escape sequences are kept as written). */
export function stringValue(cx: Context, node: PyNode): string {
  if (node.type === 'concatenated_string') return named(node).map((s) => stringValue(cx, s)).join('');
  let out = '';
  for (const c of node.children) if (c.type === 'string_content' || c.type === 'escape_sequence') out += cx.src(c);
  return out;
}
