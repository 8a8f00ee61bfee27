import { broadcastTo } from './broadcast-to';
import { clip } from './clip';
import { dropout } from './dropout';
import { einsum } from './einsum';
import { flip } from './flip';
import { kron } from './kron';
import { maskedFill } from './masked-fill';
import { norm } from './norm';
import { oneHot } from './one-hot';
import { pad } from './pad';
import { prod } from './prod';
import { repeat } from './repeat';
import { solve } from './solve';
import { split } from './split';
import { stack } from './stack';
import { tensordot } from './tensordot';
import { tile } from './tile';
import { trace } from './trace';
import { tril } from './tril';
import { triu } from './triu';

/** Every graph op with a module of the general kind (ops/op.ts). */
export const OP_MODULES = [
  clip,
  tril,
  triu,
  stack,
  flip,
  einsum,
  tensordot,
  kron,
  solve,
  trace,
  prod,
  norm,
  pad,
  maskedFill,
  broadcastTo,
  tile,
  repeat,
  split,
  dropout,
  oneHot,
] as const;
