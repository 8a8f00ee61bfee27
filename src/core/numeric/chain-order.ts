/**
 * The cheapest parenthesisation of a matrix-product chain (the textbook dynamic programme):
 * operand i has shape (dims[i], dims[i + 1]). The order is returned folded through `pair`,
 * so a caller can build a tree of its own or compute the products directly.
 */
export function chainOrder<T>(dims: readonly number[], leaf: (i: number) => T, pair: (a: T, b: T) => T): { cost: number; result: T } {
  const n = dims.length - 1;
  const cost: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const split: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let len = 2; len <= n; len++) {
    for (let i = 0; i + len - 1 < n; i++) {
      const j = i + len - 1;
      cost[i][j] = Infinity;
      for (let s = i; s < j; s++) {
        const c = cost[i][s] + cost[s + 1][j] + dims[i] * dims[s + 1] * dims[j + 1];
        if (c < cost[i][j]) {
          cost[i][j] = c;
          split[i][j] = s;
        }
      }
    }
  }
  const fold = (i: number, j: number): T => (i === j ? leaf(i) : pair(fold(i, split[i][j]), fold(split[i][j] + 1, j)));
  return { cost: cost[0][n - 1], result: fold(0, n - 1) };
}
