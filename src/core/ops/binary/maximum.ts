import { extremum } from './extremum';

/** maximum(X, 0) and maximum(0, X) read as relu(X); any other maximum has no matrix-calculus form here. */
export const maximum = extremum('maximum', {
  read: (x, _node, input, cx) => {
    const isZero = (k: number) => {
      const n = cx.inputNode(k);
      return n.op === 'const' && n.attrs.value === 0;
    };
    const zero = isZero(1) ? 1 : isZero(0) ? 0 : -1;
    return zero >= 0 ? x.fn('relu', input(1 - zero)) : cx.unsupported('maximum');
  },
});
