import type { Dim } from '../../shapes/dim';
import { leafModule } from '../op';

export const constant = leafModule('const', {
  doc: 'const(value) — a number written in the code, or a size (dim) read from a shape',
  signature: { params: ['value'], tensors: 0, shape: () => ({ shape: [], dtype: 'float' }) },
  // The tracer builds it from the literal, with the value it holds.
  values: null,
  symbolic: {
    read: (x, _shape, node, cx) => {
      if (typeof node.attrs.value === 'number') return x.num(node.attrs.value);
      if (typeof node.attrs.dim === 'string') return x.dim(node.attrs.dim as Dim);
      return cx.unsupported('a constant');
    },
  },
  // Written as a literal, not called.
  spellings: { python: [] },
});
